# Application servers that accept every high port from the VPC, and all
# traffic from the peered monitoring VPC.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "Application traffic from the VPC"
    protocol    = "tcp"
    from_port   = 1024
    to_port     = 65535
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "Everything from the monitoring VPC"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
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

output "app_security_group_id" {
  value = aws_security_group.app.id
}
