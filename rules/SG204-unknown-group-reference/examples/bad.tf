# The application accepts traffic from the load balancer's group, but the
# reference misspells its name: aws_security_group.lb is not declared.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application"
}

resource "aws_security_group" "load_balancer" {
  name        = "load-balancer"
  description = "Internet-facing load balancer"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description     = "Application traffic from the load balancer"
    protocol        = "tcp"
    from_port       = 8080
    to_port         = 8080
    security_groups = [aws_security_group.lb.id]
  }
}

output "load_balancer_security_group_id" {
  value = aws_security_group.load_balancer.id
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
