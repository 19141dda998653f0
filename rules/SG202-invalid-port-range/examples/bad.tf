# Two inline rules the AWS provider cannot create: ports written the wrong way
# round, and protocol "-1" (all traffic) with a port range, which Terraform
# refuses in an inline block.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "monitoring" {
  name        = "monitoring"
  description = "Monitoring servers"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "Application ports from the VPC"
    protocol    = "tcp"
    from_port   = 8089
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description     = "Everything from the monitoring servers"
    protocol        = "-1"
    from_port       = 0
    to_port         = 65535
    security_groups = [aws_security_group.monitoring.id]
  }

  egress {
    description = "HTTPS to package mirrors"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
