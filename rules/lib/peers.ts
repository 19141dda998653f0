/** Peer ids shared by several rules. */

/**
 * trivy's (and tfsec's) public-ingress check under its ids over time: tfsec flagged world ingress on any
 * port, trivy now only SSH and RDP, so it maps to every world-ingress rule (SG101–SG103).
 */
export const TRIVY_PUBLIC_INGRESS: readonly string[] = [
  'AVD-AWS-0107',
  'AWS-0107',
  'aws-ec2-no-public-ingress-sgr',
  'aws-vpc-no-public-ingress-sgr',
  'aws-vpc-no-public-ingress-sg',
];
