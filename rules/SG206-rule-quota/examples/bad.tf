# A partner API open to each partner network on six ports. The dynamic block
# looks small, but every CIDR of every port is its own AWS rule: 6 x 11 = 66
# inbound IPv4 rules, over the quota of 60.

variable "vpc_id" {
  type        = string
  description = "The VPC of the partner API"
}

locals {
  partner_ports = [8443, 8444, 8445, 8446, 8447, 8448]
  partner_cidrs = [
    "198.51.100.0/28", "198.51.100.16/28", "198.51.100.32/28", "198.51.100.48/28",
    "198.51.100.64/28", "198.51.100.80/28", "198.51.100.96/28", "198.51.100.112/28",
    "203.0.113.0/28", "203.0.113.16/28", "203.0.113.32/28",
  ]
}

resource "aws_security_group" "partner_api" {
  name        = "partner-api"
  description = "Partner API"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = local.partner_ports
    content {
      description = "Partner traffic on port ${ingress.value}"
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = local.partner_cidrs
    }
  }
}

output "partner_api_security_group_id" {
  value = aws_security_group.partner_api.id
}
