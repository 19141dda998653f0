# A group with inline rules, plus a separate rule resource attached to the same group.
# The AWS provider treats the inline blocks as the group's complete rule list, so every
# plan removes the separate rule and the next apply adds it back.

variable "vpc_id" {
  type        = string
  description = "The VPC of the application subnets"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description = "Application traffic from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }

  egress {
    description = "HTTPS to package mirrors"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "app_metrics" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  description       = "Metrics scrapes from the VPC"
  protocol          = "tcp"
  from_port         = 9100
  to_port           = 9100
  cidr_blocks       = ["10.20.0.0/16"]
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
