# A group without vpc_id: AWS creates it in the region's default VPC, not in
# the VPC the application runs in.

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"

  ingress {
    description = "Application traffic from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
