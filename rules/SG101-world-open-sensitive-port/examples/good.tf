# A bastion host whose SSH port is reachable only from the corporate network.

variable "vpc_id" {
  type        = string
  description = "The VPC of the bastion host"
}

variable "corporate_cidr" {
  type        = string
  description = "The corporate network administrators connect from"
  default     = "10.20.0.0/16"
}

resource "aws_security_group" "admin_bastion" {
  name        = "admin-bastion"
  description = "Bastion host"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH from the corporate network"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.corporate_cidr]
  }

  egress {
    description = "HTTPS to package mirrors"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "admin_bastion_security_group_id" {
  value = aws_security_group.admin_bastion.id
}
