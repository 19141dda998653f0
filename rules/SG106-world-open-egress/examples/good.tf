# Queue workers that reach only what they need: HTTPS APIs anywhere, and the
# database inside the VPC. A Terraform group without egress blocks allows no
# outbound traffic at all: Terraform removes the allow-all rule AWS adds.

variable "vpc_id" {
  type        = string
  description = "The VPC of the queue workers"
}

resource "aws_security_group" "queue_worker" {
  name        = "queue-worker"
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
    description = "HTTPS to the queue and storage APIs"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "PostgreSQL inside the VPC"
    protocol    = "tcp"
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = ["10.20.0.0/16"]
  }
}

output "queue_worker_security_group_id" {
  value = aws_security_group.queue_worker.id
}
