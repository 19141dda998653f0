# The range is written low to high, and the all-traffic rule uses the ports
# Terraform requires with protocol "-1": 0 and 0.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "monitoring" {
  name        = "monitoring"
  description = "Monitoring servers"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "API ports from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8089
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description     = "Everything from the monitoring servers"
    protocol        = "-1"
    from_port       = 0
    to_port         = 0
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

output "api_security_group_id" {
  value = aws_security_group.api.id
}
