# Two VPCs whose default security groups allow traffic. The first one's default
# group is managed by Terraform, but the resource gives it an inbound rule; the
# second one's default group is not managed at all, so it keeps the rules AWS
# gives every default group.

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id

  ingress {
    description = "HTTPS from the VPC"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.20.0.0/16"]
  }
}

resource "aws_vpc" "shared" {
  cidr_block = "10.30.0.0/16"
}
