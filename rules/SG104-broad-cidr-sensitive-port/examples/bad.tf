# SSH from the office networks, one of which is a whole /16 of someone else's
# public address space. Each CIDR of the list is its own AWS rule.

variable "vpc_id" {
  type        = string
  description = "The VPC of the bastion host"
}

variable "office_cidrs" {
  type        = list(string)
  description = "The office networks administrators connect from"
  default     = ["203.0.113.0/24", "198.51.0.0/16"]
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"
  vpc_id      = var.vpc_id
}

resource "aws_security_group_rule" "bastion_ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  description       = "SSH from the office networks"
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = var.office_cidrs
}

resource "aws_security_group_rule" "bastion_https_out" {
  type              = "egress"
  security_group_id = aws_security_group.bastion.id
  description       = "HTTPS to package mirrors"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}

output "bastion_security_group_id" {
  value = aws_security_group.bastion.id
}
