# A narrow rule for one subnet that adds nothing: the rule above it already
# allows the same port from the whole VPC.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "Application ports from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8089
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "Application traffic from the load balancer subnet"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.1.0/24"]
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
