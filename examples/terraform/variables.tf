variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
}

variable "admin_cidr" {
  description = "Who may SSH to the bastion"
  type        = string
  default     = "10.0.0.0/8"
}
