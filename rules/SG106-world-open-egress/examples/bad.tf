# A worker group with the common "allow all egress" block: every protocol and
# port to the whole IPv4 and IPv6 internet.

variable "vpc_id" {
  type        = string
  description = "The VPC of the queue workers"
}

resource "aws_security_group" "worker" {
  name        = "worker"
  description = "Queue workers"
  vpc_id      = var.vpc_id

  ingress {
    description = "Health checks from the VPC"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.20.0.0/16"]
  }

  egress {
    description      = "Everything out"
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

output "worker_security_group_id" {
  value = aws_security_group.worker.id
}
