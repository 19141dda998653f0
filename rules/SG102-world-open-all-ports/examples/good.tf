# Debugging access only from the VPN, and only on the port being debugged.

variable "vpc_id" {
  type        = string
  description = "The VPC of the instances being debugged"
}

resource "aws_security_group" "debug_vpn" {
  name        = "debug-vpn"
  description = "Temporary debugging access from the VPN"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "debug_vpn_app" {
  security_group_id = aws_security_group.debug_vpn.id
  description       = "The application's HTTP port, from the VPN"
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = "10.8.0.0/16"
}

resource "aws_vpc_security_group_egress_rule" "debug_vpn_https" {
  security_group_id = aws_security_group.debug_vpn.id
  description       = "HTTPS to package mirrors"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

output "debug_vpn_security_group_id" {
  value = aws_security_group.debug_vpn.id
}
