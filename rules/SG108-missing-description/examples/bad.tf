# A group without a description (the AWS provider then sets "Managed by
# Terraform"), an ingress block without one, and an egress block with a
# placeholder.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application servers"
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = var.vpc_id

  ingress {
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }

  egress {
    description = "TODO"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
