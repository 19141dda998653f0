# An application server whose ports are opened by a dynamic block over a map:
# HTTPS is meant to be public, but the admin console port is open to the
# whole internet too.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

locals {
  app_ports = {
    "HTTPS"         = 443
    "Admin console" = 8443
  }
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = local.app_ports
    content {
      description = "${ingress.key} from anywhere"
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    description = "HTTPS to package mirrors"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
