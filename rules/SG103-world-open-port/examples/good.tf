# HTTPS is public; the admin console is reachable only from the VPN. Each port
# of the map carries the network it is opened to.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

locals {
  web_ports = {
    "HTTPS from anywhere"        = { port = 443, cidr = "0.0.0.0/0" }
    "Admin console from the VPN" = { port = 8443, cidr = "10.8.0.0/16" }
  }
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Application servers"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = local.web_ports
    content {
      description = ingress.key
      protocol    = "tcp"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      cidr_blocks = [ingress.value.cidr]
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

output "web_security_group_id" {
  value = aws_security_group.web.id
}
