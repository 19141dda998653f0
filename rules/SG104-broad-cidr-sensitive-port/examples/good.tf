# SSH only from the offices' own /24 and /28 networks.

variable "vpc_id" {
  type        = string
  description = "The VPC of the bastion host"
}

variable "office_networks" {
  type        = list(string)
  description = "The office networks administrators connect from"
  default     = ["203.0.113.0/24", "198.51.100.16/28"]
}

resource "aws_security_group" "office_bastion" {
  name        = "office-bastion"
  description = "Bastion host"
  vpc_id      = var.vpc_id
}

resource "aws_security_group_rule" "office_bastion_ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.office_bastion.id
  description       = "SSH from the office networks"
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = var.office_networks
}

resource "aws_security_group_rule" "office_bastion_https_out" {
  type              = "egress"
  security_group_id = aws_security_group.office_bastion.id
  description       = "HTTPS to package mirrors"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}

output "office_bastion_security_group_id" {
  value = aws_security_group.office_bastion.id
}
