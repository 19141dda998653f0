import { expectTfFindings } from '../helpers/ruleTester';

describe('Terraform rule tester', () => {
  it('reports SSH open to the world in an inline ingress block, at the CIDR', () => {
    expectTfFindings(
      'SG101',
      `
      resource "aws_security_group" "web" {
        name        = "web"
        description = "web tier"
        vpc_id      = "vpc-1"
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8", ⟦"0.0.0.0/0"⟧]
        }
      }
      `,
      [
        {
          message: 'SSH (22) is open to the world (0.0.0.0/0)',
          resource: 'aws_security_group.web',
          group: 'aws_security_group.web',
        },
      ],
    );
  });

  it('names the variable default and the tfvars entry that set a CIDR, tfvars winning', () => {
    expectTfFindings(
      'SG101',
      {
        'main.tf': `
        resource "aws_security_group_rule" "ssh" {
          type              = "ingress"
          security_group_id = "sg-123"
          from_port         = 22
          to_port           = 22
          protocol          = "tcp"
          cidr_blocks       = ⟦var.admin_cidrs⟧
        }
        `,
        'variables.tf': `
        variable "admin_cidrs" {
          default = ["10.0.0.0/8"]
        }
        `,
        'terraform.tfvars': `admin_cidrs = ["0.0.0.0/0"]\n`,
      },
      [{ message: 'SSH (22) is open to the world (0.0.0.0/0 from admin_cidrs in terraform.tfvars)' }],
    );
  });
});
