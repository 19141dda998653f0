# A debugging group that lets the whole internet reach every port: all traffic
# over IPv4, and every TCP port over IPv6.

variable "vpc_id" {
  type        = string
  description = "The VPC of the instances being debugged"
}

resource "aws_security_group" "debug" {
  name        = "debug"
  description = "Temporary debugging access"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "debug_everything" {
  security_group_id = aws_security_group.debug.id
  description       = "Everything, while debugging"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group_rule" "debug_tcp_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.debug.id
  description       = "Every TCP port, while debugging"
  protocol          = "tcp"
  from_port         = 0
  to_port           = 65535
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_vpc_security_group_egress_rule" "debug_https" {
  security_group_id = aws_security_group.debug.id
  description       = "HTTPS to package mirrors"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

output "debug_security_group_id" {
  value = aws_security_group.debug.id
}
