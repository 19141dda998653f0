# The same servers, opening only the ports their services listen on.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "service" {
  name        = "service"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "Application traffic from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8081
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "Metrics scrapes from the monitoring VPC"
    protocol    = "tcp"
    from_port   = 9100
    to_port     = 9100
    cidr_blocks = ["10.99.0.0/16"]
  }

  egress {
    description = "HTTPS to package mirrors"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "service_security_group_id" {
  value = aws_security_group.service.id
}
