/** A Terraform module for the language-server tests: two groups, one open to the world through tfvars. */
import { dedent } from '../helpers/ruleTester';

export const MAIN_TF = dedent(`
  resource "aws_security_group" "web" {
    name        = "web"
    description = "web tier"
    vpc_id      = "vpc-1"

    ingress {
      description = "ssh"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = var.admin_cidrs
    }

    egress {
      description = "https out"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }

  resource "aws_security_group" "db" {
    name        = "db"
    description = "database"
    vpc_id      = "vpc-1"

    ingress {
      description = "postgres"
      from_port   = 5432
      to_port     = 5432
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }

    egress {
      description = "https out"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }

  output "group_ids" {
    value = [aws_security_group.web.id, aws_security_group.db.id]
  }
`);

export const VARIABLES_TF = dedent(`
  variable "admin_cidrs" {
    type    = list(string)
    default = ["10.0.0.0/8"]
  }
`);

export const TFVARS = 'admin_cidrs = ["0.0.0.0/0"]\n';
