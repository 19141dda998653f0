# Every group is attached: the instance uses one, and the module exports the
# other for the load balancer defined elsewhere.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application server"
}

variable "subnet_id" {
  type        = string
  description = "The subnet of the application server"
}

resource "aws_security_group" "server" {
  name        = "server"
  description = "Application server"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "server_http" {
  security_group_id = aws_security_group.server.id
  description       = "Application traffic from the VPC"
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_security_group" "load_balancer" {
  name        = "load-balancer"
  description = "Internal load balancer"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer_https" {
  security_group_id = aws_security_group.load_balancer.id
  description       = "HTTPS from the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_instance" "server" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [aws_security_group.server.id]
}

output "load_balancer_security_group_id" {
  value = aws_security_group.load_balancer.id
}
