# The group and each of its rules say what they are for.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API servers behind the internal load balancer"
  vpc_id      = var.vpc_id

  ingress {
    description = "API traffic from the internal load balancer's subnets"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }

  egress {
    description = "HTTPS to the payment provider's API"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "api_security_group_id" {
  value = aws_security_group.api.id
}
