# The same group with every rule as its own resource and no inline blocks, so each
# rule is created, changed and destroyed on its own and plans stay empty.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application subnets"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "app_http" {
  security_group_id = aws_security_group.app.id
  description       = "Application traffic from the VPC"
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_vpc_security_group_ingress_rule" "app_metrics" {
  security_group_id = aws_security_group.app.id
  description       = "Metrics scrapes from the VPC"
  ip_protocol       = "tcp"
  from_port         = 9100
  to_port           = 9100
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_vpc_security_group_egress_rule" "app_https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to package mirrors"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
