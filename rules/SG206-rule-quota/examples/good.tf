# The six ports are contiguous: one range per partner network makes 11 rules.

variable "vpc_id" {
  type        = string
  description = "The VPC of the partner API"
}

locals {
  partner_networks = [
    "198.51.100.0/28", "198.51.100.16/28", "198.51.100.32/28", "198.51.100.48/28",
    "198.51.100.64/28", "198.51.100.80/28", "198.51.100.96/28", "198.51.100.112/28",
    "203.0.113.0/28", "203.0.113.16/28", "203.0.113.32/28",
  ]
}

resource "aws_security_group" "partner_gateway" {
  name        = "partner-gateway"
  description = "Partner API"
  vpc_id      = var.vpc_id

  ingress {
    description = "Partner traffic on ports 8443-8448"
    protocol    = "tcp"
    from_port   = 8443
    to_port     = 8448
    cidr_blocks = local.partner_networks
  }
}

output "partner_gateway_security_group_id" {
  value = aws_security_group.partner_gateway.id
}
