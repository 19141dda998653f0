# A bastion host whose SSH port is open to the whole internet: the CIDR comes
# from a variable's default, and the same block also opens SSH to all of IPv6.

variable "vpc_id" {
  type        = string
  description = "The VPC of the bastion host"
}

variable "admin_cidr" {
  type        = string
  description = "The network administrators connect from"
  default     = "0.0.0.0/0"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"
  vpc_id      = var.vpc_id

  ingress {
    description      = "SSH for administrators"
    protocol         = "tcp"
    from_port        = 22
    to_port          = 22
    cidr_blocks      = [var.admin_cidr]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    description = "HTTPS to package mirrors"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "bastion_security_group_id" {
  value = aws_security_group.bastion.id
}
