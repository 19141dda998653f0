# Each permission is granted once.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API servers"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "api_http" {
  security_group_id = aws_security_group.api.id
  description       = "API traffic from the VPC"
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_vpc_security_group_egress_rule" "api_https" {
  security_group_id = aws_security_group.api.id
  description       = "HTTPS to package mirrors"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

output "api_security_group_id" {
  value = aws_security_group.api.id
}
