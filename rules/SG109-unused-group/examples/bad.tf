# The instance moved to a new group, and the old group was left behind. Its own
# rule resource refers to it, but that does not attach it to anything.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application server"
}

variable "subnet_id" {
  type        = string
  description = "The subnet of the application server"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"
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

resource "aws_security_group" "old_app" {
  name        = "old-app"
  description = "Application server (before the move to port 8080)"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "old_app_http" {
  security_group_id = aws_security_group.old_app.id
  description       = "Application traffic from the VPC"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_instance" "app" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [aws_security_group.app.id]
}
