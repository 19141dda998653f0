# The broad rule is narrowed to the load balancer subnet, so the one rule that
# remains says exactly who may connect.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "API traffic from the load balancer subnet"
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

output "api_security_group_id" {
  value = aws_security_group.api.id
}
