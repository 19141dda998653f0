# The group names its VPC, here looked up by a data source.

data "aws_vpc" "application" {
  tags = {
    Name = "application"
  }
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API servers"
  vpc_id      = data.aws_vpc.application.id

  ingress {
    description = "API traffic from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }
}

output "api_security_group_id" {
  value = aws_security_group.api.id
}
