# The references name a declared group and a group read by a data source.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application"
}

data "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = var.vpc_id
}

resource "aws_security_group" "public_lb" {
  name        = "public-lb"
  description = "Internet-facing load balancer"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description     = "Application traffic from the load balancer"
    protocol        = "tcp"
    from_port       = 8080
    to_port         = 8080
    security_groups = [aws_security_group.public_lb.id]
  }

  ingress {
    description     = "SSH from the bastion host"
    protocol        = "tcp"
    from_port       = 22
    to_port         = 22
    security_groups = [data.aws_security_group.bastion.id]
  }
}

output "public_lb_security_group_id" {
  value = aws_security_group.public_lb.id
}

output "web_security_group_id" {
  value = aws_security_group.web.id
}
