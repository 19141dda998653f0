# A group with every rule as its own resource and no inline blocks, so each
# rule is created, changed and destroyed on its own and plans stay empty.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application subnets"
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

resource "aws_vpc_security_group_ingress_rule" "api_metrics" {
  security_group_id = aws_security_group.api.id
  description       = "Metrics scrapes from the VPC"
  ip_protocol       = "tcp"
  from_port         = 9100
  to_port           = 9100
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
