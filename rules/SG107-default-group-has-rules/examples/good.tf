# Every VPC's default security group is managed by Terraform and declares no
# rules, so Terraform removes every rule from it, AWS's own included. Workloads
# get purpose-made groups instead.

resource "aws_vpc" "primary" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_default_security_group" "primary" {
  vpc_id = aws_vpc.primary.id
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"
  vpc_id      = aws_vpc.primary.id

  ingress {
    description = "HTTPS from the VPC"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.40.0.0/16"]
  }
}

output "web_security_group_id" {
  value = aws_security_group.web.id
}
