/**
 * A realistic Terraform module for the benchmarks, laid out as real modules are: `variables.tf`
 * (variables with defaults: CIDR lists, port maps), `locals.tf`, `terraform.tfvars` (overrides some of
 * them), `main.tf` (security groups with inline `ingress`/`egress` blocks, `dynamic` blocks over
 * variables and locals, attribute-syntax rules, plus the load balancers, instances, databases and caches
 * that use the groups) and `rules.tf` (`aws_security_group_rule` and `aws_vpc_security_group_*_rule`
 * resources attached to the groups). The module is a header plus "services" added one at a time until
 * the module reaches the requested size; some services carry deliberate problems (SSH open to the
 * world through a variable default, wide port ranges, missing descriptions, an invalid CIDR, an unused
 * group, standalone rules on a group that has inline rules, allow-all egress) so the rules do real work.
 *
 * The same content also comes as one `main.tf` (variables, locals, groups and rules in one file; the
 * tfvars stay a separate file, as Terraform only reads values from .tfvars files).
 */

export interface TerraformBenchFile {
  /** File name inside the module folder. */
  readonly name: string;
  readonly text: string;
}

export type TerraformLayout = 'files' | 'single';

export interface TerraformBenchModule {
  readonly layout: TerraformLayout;
  /** The .tf files, then `terraform.tfvars` last. */
  readonly files: readonly TerraformBenchFile[];
  /** The file the edit benchmarks change (the largest: `main.tf` in both layouts). */
  readonly editFile: string;
  /**
   * Offset in `editFile` of the `2` of `/24` in the partner CIDR of the service in the middle of the
   * file: replacing it with `7` makes the CIDR invalid (`/74`, SG201), putting it back clears that.
   */
  readonly editOffset: number;
  readonly services: number;
  readonly securityGroups: number;
  /** aws_security_group_rule and aws_vpc_security_group_ingress_rule/egress_rule resources. */
  readonly ruleResources: number;
  readonly resources: number;
}

const SERVICE_NAMES = [
  'billing',
  'checkout',
  'catalog',
  'search',
  'orders',
  'payments',
  'inventory',
  'shipping',
  'accounts',
  'notifications',
  'reports',
  'ledger',
  'pricing',
  'reviews',
  'media',
  'identity',
];

/** The text of one service in each file of the split layout. */
interface ServiceParts {
  readonly variables: string;
  readonly locals: string;
  readonly tfvars: string;
  readonly main: string;
  readonly rules: string;
  /** Offset in `main` of the character the edit benchmarks change. */
  readonly editOffsetInMain: number;
  readonly securityGroups: number;
  readonly ruleResources: number;
  readonly resources: number;
}

const HEADER_VARIABLES = `variable "environment" {
  type        = string
  description = "Deployment environment, part of every name"
  default     = "prod"
}

variable "vpc_id" {
  type        = string
  description = "The VPC every security group belongs to"
}

variable "vpc_cidr" {
  type        = string
  description = "Address range of the VPC"
  default     = "10.0.0.0/8"
}

variable "corporate_cidrs" {
  type        = list(string)
  description = "Office and VPN networks"
  default     = ["203.0.113.0/24", "198.51.100.0/24"]
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Subnets of the load balancers"
  default     = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Subnets of the instances, databases and caches"
  default     = ["subnet-01234567890abcdef", "subnet-0fedcba9876543210"]
}

variable "ami_id" {
  type        = string
  description = "Image of the application servers"
  default     = "ami-0c55b159cbfafe1f0"
}

`;

const HEADER_LOCALS = `locals {
  common_tags = {
    Environment = var.environment
    ManagedBy   = "terraform"
    CostCenter  = "platform-1234"
  }
  monitoring_cidrs = concat(var.corporate_cidrs, ["10.255.0.0/20"])
  https_port       = 443
}

`;

const HEADER_TFVARS = `environment = "prod"
vpc_id      = "vpc-0a1b2c3d4e5f60718"
corporate_cidrs = [
  "203.0.113.0/24",
  "198.51.100.0/24",
  "192.0.2.0/24",
]

`;

/** Every 4th service's load balancer is public. */
const isPublic = (i: number): boolean => i % 4 === 1;

function service(i: number): ServiceParts {
  const name = `${SERVICE_NAMES[i % SERVICE_NAMES.length]!}_${String(Math.floor(i / SERVICE_NAMES.length)).padStart(2, '0')}`;
  const dashed = name.replace(/_/g, '-');
  const a = (i * 7) % 250;
  const b = (i * 13) % 250;
  // Every 9th service lets the world reach SSH through its variable's default (SG101).
  const adminCidr = i % 9 === 4 ? '0.0.0.0/0' : `10.250.${a}.0/24`;
  // Every 17th service has a typo in a CIDR (SG201).
  const backupCidr = i % 17 === 8 ? `10.${300 + a}.${b}.0/24` : `10.${a}.${b}.0/24`;
  const sg = (suffix: string): string => `aws_security_group.${name}_${suffix}.id`;

  const variables = `variable "${name}_client_cidrs" {
  type        = list(string)
  description = "Networks whose clients reach the ${dashed} load balancer"
  default     = ["10.${a}.0.0/16", "10.${b}.${a}.0/24", "192.168.${a}.0/24"]
}

variable "${name}_app_ports" {
  type        = map(number)
  description = "Ports the ${dashed} application servers listen on"
  default = {
    http    = 8080
    grpc    = ${9000 + (i % 50)}
    metrics = 9100
  }
}

variable "${name}_admin_cidr" {
  type        = string
  description = "Where the ${dashed} administrators connect from"
  default     = "${adminCidr}"
}

variable "${name}_analytics_cidrs" {
  type        = list(string)
  description = "Analytics networks that read the ${dashed} database"
  default     = ["10.${b}.200.0/24", "10.${b}.201.0/24"]
}

`;

  const locals = `locals {
  ${name}_name = "\${var.environment}-${dashed}"
  ${name}_tags = merge(local.common_tags, { Service = "${dashed}" })
  ${name}_db_port    = 5432
  ${name}_cache_port = 6379
}

`;

  // Every 3rd service narrows its client networks in terraform.tfvars.
  const tfvars =
    i % 3 === 0
      ? `${name}_client_cidrs = ["10.${a}.0.0/20", "10.${a}.16.0/20"]\n`
      : i % 3 === 1
        ? `${name}_admin_cidr = "${adminCidr}"\n`
        : '';

  // Every other service has the common "allow all egress" block (SG106); the rest only HTTPS out.
  const appEgress =
    i % 2 === 0
      ? `  egress {
    description      = "Everything out"
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
`
      : `  egress {
    description = "HTTPS to package mirrors and AWS APIs"
    protocol    = "tcp"
    from_port   = local.https_port
    to_port     = local.https_port
    cidr_blocks = ["0.0.0.0/0"]
  }
`;

  const lbHead = `resource "aws_security_group" "${name}_lb" {
  name        = "\${local.${name}_name}-lb"
  description = "Load balancer of ${dashed}"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTPS from the client networks"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = var.${name}_client_cidrs
  }

  ingress {
    description = "HTTPS from the partner network"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["198.51.${a}.0/`;
  const lbTail = `24"]
  }
${
  isPublic(i)
    ? `
  ingress {
    description      = "HTTPS from the internet"
    protocol         = "tcp"
    from_port        = 443
    to_port          = 443
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
`
    : ''
}
  egress {
    description = "To the application servers"
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = [var.vpc_cidr]
  }

  tags = local.${name}_tags
}

`;

  const app = `resource "aws_security_group" "${name}_app" {
  name        = "\${local.${name}_name}-app"
  description = "Application servers of ${dashed}"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.${name}_app_ports
    content {
      description     = "\${ingress.key} from the load balancer"
      protocol        = "tcp"
      from_port       = ingress.value
      to_port         = ingress.value
      security_groups = [${sg('lb')}]
    }
  }

  ingress {
    description = "SSH from the administrators"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.${name}_admin_cidr]
  }

  dynamic "ingress" {
    for_each = toset(local.monitoring_cidrs)
    content {
      description = "Node exporter from monitoring"
      protocol    = "tcp"
      from_port   = 9100
      to_port     = 9100
      cidr_blocks = [ingress.value]
    }
  }

${appEgress}
  tags = merge(local.${name}_tags, { Tier = "app" })
}

`;

  const db = `resource "aws_security_group" "${name}_db" {
  name        = "\${local.${name}_name}-db"
  description = "PostgreSQL of ${dashed}"
  vpc_id      = var.vpc_id
  tags        = local.${name}_tags
}

`;

  // Attribute syntax, as written by modules that manage every rule in one list.
  const cache = `resource "aws_security_group" "${name}_cache" {
  name        = "\${local.${name}_name}-cache"
  description = "Redis of ${dashed}"
  vpc_id      = var.vpc_id

  ingress = [
    {
      description      = "Redis from the application servers"
      protocol         = "tcp"
      from_port        = local.${name}_cache_port
      to_port          = local.${name}_cache_port
      cidr_blocks      = []
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = [${sg('app')}]
      self             = false
    },
    {
      description      = "Redis replication"
      protocol         = "tcp"
      from_port        = local.${name}_cache_port
      to_port          = local.${name}_cache_port
      cidr_blocks      = []
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = true
    },
  ]

  egress = []

  tags = local.${name}_tags
}

`;

  // Every 13th service keeps a group nothing uses any more (SG109).
  const legacy =
    i % 13 === 6
      ? `resource "aws_security_group" "${name}_legacy" {
  name        = "\${local.${name}_name}-legacy"
  description = "Old batch hosts of ${dashed}"
  vpc_id      = var.vpc_id

  ingress {
    description = "Batch API from the VPC"
    protocol    = "tcp"
    from_port   = 7000
    to_port     = 7000
    cidr_blocks = [var.vpc_cidr]
  }
}

`
      : '';

  const users = `resource "aws_lb" "${name}" {
  name               = local.${name}_name
  internal           = ${isPublic(i) ? 'false' : 'true'}
  load_balancer_type = "application"
  security_groups    = [${sg('lb')}]
  subnets            = var.public_subnet_ids
  tags               = local.${name}_tags
}

resource "aws_instance" "${name}_app" {
  count                  = 2
  ami                    = var.ami_id
  instance_type          = "t3.medium"
  subnet_id              = element(var.private_subnet_ids, count.index)
  vpc_security_group_ids = [${sg('app')}]
  tags                   = merge(local.${name}_tags, { Name = "\${local.${name}_name}-app-\${count.index}" })
}

resource "aws_db_instance" "${name}" {
  identifier             = local.${name}_name
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  allocated_storage      = 50
  username               = "app"
  manage_master_user_password = true
  vpc_security_group_ids = [${sg('db')}]
  tags                   = local.${name}_tags
}

resource "aws_elasticache_cluster" "${name}" {
  cluster_id         = local.${name}_name
  engine             = "redis"
  node_type          = "cache.t3.small"
  num_cache_nodes    = 1
  security_group_ids = [${sg('cache')}]
  tags               = local.${name}_tags
}

`;

  const rules = [
    `resource "aws_vpc_security_group_ingress_rule" "${name}_db_from_app" {
  security_group_id            = ${sg('db')}
  description                  = "PostgreSQL from the application servers"
  ip_protocol                  = "tcp"
  from_port                    = local.${name}_db_port
  to_port                      = local.${name}_db_port
  referenced_security_group_id = ${sg('app')}
}

resource "aws_vpc_security_group_ingress_rule" "${name}_db_from_analytics" {
  for_each          = toset(var.${name}_analytics_cidrs)
  security_group_id = ${sg('db')}
  description       = "PostgreSQL from analytics"
  ip_protocol       = "tcp"
  from_port         = local.${name}_db_port
  to_port           = local.${name}_db_port
  cidr_ipv4         = each.value
}

resource "aws_security_group_rule" "${name}_db_from_backup" {
  type              = "ingress"
  security_group_id = ${sg('db')}
  ${
    // Every 11th service forgot the description (SG108).
    i % 11 === 3 ? '' : 'description       = "PostgreSQL from the backup network"\n  '
  }protocol          = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_blocks       = ["${backupCidr}"]
}

resource "aws_vpc_security_group_egress_rule" "${name}_db_https" {
  security_group_id = ${sg('db')}
  description       = "HTTPS to AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr
}

`,
    // Every 7th service opens every high port from the VPC (SG105).
    i % 7 === 2
      ? `resource "aws_security_group_rule" "${name}_db_ephemeral" {
  type              = "ingress"
  security_group_id = ${sg('db')}
  description       = "Ephemeral ports from the VPC"
  protocol          = "tcp"
  from_port         = 1024
  to_port           = 65535
  cidr_blocks       = [var.vpc_cidr]
}

`
      : '',
    // Every 5th service adds a standalone rule to a group with inline rules (SG205).
    i % 5 === 0
      ? `resource "aws_security_group_rule" "${name}_lb_health" {
  type              = "ingress"
  security_group_id = ${sg('lb')}
  description       = "Health checks from the VPC"
  protocol          = "tcp"
  from_port         = 8081
  to_port           = 8081
  cidr_blocks       = [var.vpc_cidr]
}

`
      : '',
  ].join('');

  const ruleResources = 4 + (i % 7 === 2 ? 1 : 0) + (i % 5 === 0 ? 1 : 0);
  const securityGroups = 4 + (legacy ? 1 : 0);
  return {
    variables,
    locals,
    tfvars,
    main: lbHead + lbTail + app + db + cache + legacy + users,
    rules,
    editOffsetInMain: lbHead.length,
    securityGroups,
    ruleResources,
    resources: securityGroups + ruleResources + 5,
  };
}

/** A module of about `targetBytes` in total (all files), in the given layout. */
export function generateTerraformModule(targetBytes: number, layout: TerraformLayout): TerraformBenchModule {
  const parts: ServiceParts[] = [];
  let bytes = HEADER_VARIABLES.length + HEADER_LOCALS.length + HEADER_TFVARS.length;
  while (bytes < targetBytes) {
    const p = service(parts.length);
    parts.push(p);
    bytes += p.variables.length + p.locals.length + p.tfvars.length + p.main.length + p.rules.length;
  }
  const variables = HEADER_VARIABLES + parts.map((p) => p.variables).join('');
  const locals = HEADER_LOCALS + parts.map((p) => p.locals).join('');
  const tfvars = HEADER_TFVARS + parts.map((p) => p.tfvars).join('');
  const rules = parts.map((p) => p.rules).join('');
  // The edit sits in the service in the middle of main.tf, so tree-sitter has work on both sides of it.
  // (A service whose load balancer is not public: there the partner rule is not shadowed, and the
  // invalid CIDR adds a finding instead of replacing SG207's.)
  let middle = Math.floor(parts.length / 2);
  if (isPublic(middle)) middle++;
  let mainPrefix = 0;
  for (let i = 0; i < middle; i++) mainPrefix += parts[i]!.main.length;
  const main = parts.map((p) => p.main).join('');
  const editInMain = mainPrefix + parts[middle]!.editOffsetInMain;
  const files: TerraformBenchFile[] =
    layout === 'files'
      ? [
          { name: 'variables.tf', text: variables },
          { name: 'locals.tf', text: locals },
          { name: 'main.tf', text: main },
          { name: 'rules.tf', text: rules },
          { name: 'terraform.tfvars', text: tfvars },
        ]
      : [
          { name: 'main.tf', text: variables + locals + main + rules },
          { name: 'terraform.tfvars', text: tfvars },
        ];
  const editOffset = layout === 'files' ? editInMain : variables.length + locals.length + editInMain;
  const editFile = files.find((f) => f.name === 'main.tf')!;
  if (
    !/198\.51\.\d+\.0\/$/.test(editFile.text.slice(editOffset - 16, editOffset)) ||
    !editFile.text.startsWith('24"]', editOffset)
  )
    throw new Error('the edit offset does not point at the partner CIDR');
  const sum = (f: (p: ServiceParts) => number): number => parts.reduce((s, p) => s + f(p), 0);
  return {
    layout,
    files,
    editFile: 'main.tf',
    editOffset,
    services: parts.length,
    securityGroups: sum((p) => p.securityGroups),
    ruleResources: sum((p) => p.ruleResources),
    resources: sum((p) => p.resources),
  };
}
