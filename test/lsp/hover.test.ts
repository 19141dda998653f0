/**
 * Hover on a flagged value, end to end over stdio: the full Markdown the server returns for findings in
 * YAML and JSON templates and in a Terraform module (a value from a variable default in variables.tf),
 * nothing away from findings, for suppressed ones or for a version that is not linted yet, hostile names
 * escaped, and overlapping findings most severe first.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { escapeMarkdown } from '../../server/src/lsp/hover';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { helpUri } from '../../server/src/report/sarif';
import { dedent } from '../helpers/ruleTester';
import { LspTestClient } from './lspClient';

const SETTINGS = { trustedCidrs: [{ cidr: '10.0.0.0/8', label: 'corp' }] };

/** The position of the first `needle` in `text`, `delta` characters into it. */
function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the text`);
  return new LineIndex(text).positionAt(at + delta);
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

const SG101_HEAD = `**Error** [SG101](${helpUri('SG101')}) world-open-sensitive-port`;
const SG101_WHY =
  'Why it matters: Ports such as SSH, RDP, database and cache ports are scanned continuously; exposing them to 0.0.0.0/0 or ::/0 invites brute force and exploitation of the service behind them.';
const SG101_PEERS =
  'Equivalent checks: checkov `CKV_AWS_24`, `CKV_AWS_25` · trivy/tfsec `AVD-AWS-0107`, `AWS-0107`, `aws-ec2-no-public-ingress-sgr` and 2 more · cfn_nag `W2` · KICS `381c3f2a-ef6f-4eff-99f7-b169cda3422c`, `151187cb-0efc-481c-babd-ad24e3c9bc22`, `65905cec-d691-4320-b320-2000436cb696` and 6 more · cdk-nag `AwsSolutions-EC23`, `HIPAA.Security-EC2RestrictedSSH`, `NIST.800.53.R5-EC2RestrictedSSH` and 2 more';

const BASTION_YAML = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
  Parameters:
    AdminCidr:
      Type: String
      Default: 0.0.0.0/0
  Resources:
    BastionSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: bastion
        VpcId: vpc-0123456789abcdef0
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: !Ref AdminCidr
            Description: ssh from admins
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https out
  Outputs:
    Id:
      Value: !Ref BastionSG
`);

/** Line 15 is `          CidrIp: !Ref AdminCidr`: the finding is on `!Ref AdminCidr`. */
const BASTION_RANGE = { start: { line: 15, character: 18 }, end: { line: 15, character: 32 } };

const APP_JSON = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AppSG": {
      "Type": "AWS::EC2::SecurityGroup",
      "Properties": {
        "GroupDescription": "app",
        "VpcId": "vpc-0123456789abcdef0",
        "SecurityGroupEgress": [
          { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8", "Description": "https out" }
        ]
      }
    },
    "RdpIngress": {
      "Type": "AWS::EC2::SecurityGroupIngress",
      "Properties": {
        "GroupId": { "Ref": "AppSG" },
        "IpProtocol": "tcp",
        "FromPort": 3389,
        "ToPort": 3389,
        "CidrIp": "0.0.0.0/0",
        "Description": "rdp"
      }
    }
  },
  "Outputs": { "Id": { "Value": { "Ref": "AppSG" } } }
}
`;

const MAIN_TF = dedent(`
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

  output "id" {
    value = aws_security_group.web.id
  }
`);

/** Two CIDRs: the finding is about the first only, though both come from the same `var.admin_cidrs`. */
const VARIABLES_TF = dedent(`
  variable "admin_cidrs" {
    type    = list(string)
    default = ["0.0.0.0/0", "192.168.0.0/16"]
  }
`);

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_PARAMETER = 'Cidr`|[x](javascript:alert(1))*_';
const HOSTILE_YAML = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
  Parameters:
    "${HOSTILE_PARAMETER}":
      Type: String
      Default: 0.0.0.0/0
  Resources:
    "${HOSTILE_NAME}":
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: evil
        VpcId: vpc-0123456789abcdef0
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: !Ref "${HOSTILE_PARAMETER}"
            Description: "a | b \`code\` [link](https://evil.example) <b>&amp; ~~x~~\\n# head"
        SecurityGroupEgress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https out
`);

/** `1.0.0.0/0` in an egress rule of all traffic: SG106 (note) and SG201 (host bits, warning) on one value. */
const OVERLAP_YAML = dedent(`
  AWSTemplateFormatVersion: '2010-09-09'
  Resources:
    AppSG:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: app
        VpcId: vpc-0123456789abcdef0
        SecurityGroupIngress:
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIp: 10.0.0.0/8
            Description: https
        SecurityGroupEgress:
          - IpProtocol: -1
            CidrIp: 1.0.0.0/0
            Description: everything out
  Outputs:
    Id:
      Value: !Ref AppSG
`);

describe('language server: hover on findings', function () {
  this.timeout(15000);
  let tmp: string;
  let client: LspTestClient;
  let n = 0;
  /** A fresh folder (so configuration is resolved afresh) with the given files on disk; name → URI. */
  const folder = (files: Record<string, string> = {}): ((name: string) => string) => {
    const dir = path.join(tmp, `case${++n}`);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return (name) => pathToFileURL(path.join(dir, name)).href;
  };
  /** Opens a document and waits for its first diagnostics. */
  const openLinted = async (uri: string, languageId: string, text: string): Promise<void> => {
    const since = client.mark();
    await client.open(uri, languageId, text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, since, 5000);
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lint-hover-'));
    client = await LspTestClient.start({ workspaceFolders: [pathToFileURL(tmp).href], settings: SETTINGS });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(client.streamErrors, []);
    assert.equal(client.stderr.join(''), '');
    assert.deepEqual(
      client.logs.filter((l) => /error|exception|failed/i.test(l.message)).map((l) => l.message),
      [],
    );
  });

  afterEach(() => {
    client.settings = { ...SETTINGS };
  });

  it('describes a world-open SSH rule whose CIDR is a Parameter default, linking to the default', async () => {
    const uri = folder()('bastion.yaml');
    await openLinted(uri, 'yaml', BASTION_YAML);
    const hover = await client.hover(uri, positionOf(BASTION_YAML, '!Ref AdminCidr', 5));
    assert.deepEqual(hover?.range, BASTION_RANGE);
    assert.equal(
      markdown(hover),
      [
        SG101_HEAD,
        'Group **BastionSG** allows ingress of tcp port 22 (SSH) from **0.0.0.0/0** (the world: every IPv4 address), described as “ssh from admins”.',
        // Line 5, column 14 is the `0.0.0.0/0` of `    Default: 0.0.0.0/0`.
        `**0.0.0.0/0** comes from Parameter AdminCidr's default, at [bastion.yaml:5](${uri}#L5,14).`,
        SG101_WHY,
        SG101_PEERS,
        "Quick fixes: Restrict to 10.0.0.0/8 (corp) in Parameter AdminCidr's default · Restrict to a CIDR… in Parameter AdminCidr's default",
      ].join('\n\n'),
    );
    // Either end of the value is still on it.
    assert.deepEqual((await client.hover(uri, BASTION_RANGE.start))?.range, BASTION_RANGE);
    assert.deepEqual((await client.hover(uri, BASTION_RANGE.end))?.range, BASTION_RANGE);
  });

  it('describes a standalone rule of a JSON template, naming the rule resource and its group', async () => {
    const uri = folder()('app.json');
    await openLinted(uri, 'json', APP_JSON);
    const hover = await client.hover(uri, positionOf(APP_JSON, '"0.0.0.0/0"', 3));
    assert.deepEqual(hover?.range, { start: { line: 20, character: 18 }, end: { line: 20, character: 29 } });
    assert.equal(
      markdown(hover),
      [
        SG101_HEAD,
        'Group **AppSG** (rule **RdpIngress**) allows ingress of tcp port 3389 (RDP) from **0.0.0.0/0** (the world: every IPv4 address), described as “rdp”.',
        SG101_WHY,
        SG101_PEERS,
        'Quick fixes: Restrict to 10.0.0.0/8 (corp) · Restrict to a CIDR…',
      ].join('\n\n'),
    );
  });

  it('describes a Terraform rule whose CIDR is a variable default in variables.tf, linking to it', async () => {
    const uri = folder({ 'main.tf': MAIN_TF, 'variables.tf': VARIABLES_TF });
    await openLinted(uri('main.tf'), 'terraform', MAIN_TF);
    const hover = await client.hover(uri('main.tf'), positionOf(MAIN_TF, 'var.admin_cidrs', 4));
    assert.deepEqual(hover?.range, { start: { line: 10, character: 18 }, end: { line: 10, character: 33 } });
    assert.equal(
      markdown(hover),
      [
        SG101_HEAD,
        // Only the rule the finding is about: 192.168.0.0/16 comes from the same expression but is not the world.
        'Group **aws\\_security\\_group.web** allows ingress of tcp port 22 (SSH) from **0.0.0.0/0** (the world: every IPv4 address), described as “ssh”.',
        // Line 3, column 14 is the `"0.0.0.0/0"` of `  default = ["0.0.0.0/0", "192.168.0.0/16"]`.
        `**0.0.0.0/0** comes from the default of var.admin\\_cidrs, at [variables.tf:3](${uri('variables.tf')}#L3,14).`,
        SG101_WHY,
        SG101_PEERS,
        // The fixes edit variables.tf, which the code actions of main.tf leave out: none is listed.
      ].join('\n\n'),
    );
  });

  it('says what a value depends on when it is unknown (reportUnresolved: note)', async () => {
    client.settings = { ...SETTINGS, reportUnresolved: 'note' };
    const text = BASTION_YAML.replace('    Default: 0.0.0.0/0\n', '');
    const uri = folder()('unknown.yaml');
    await openLinted(uri, 'yaml', text);
    const hover = await client.hover(uri, positionOf(text, '!Ref AdminCidr', 5));
    assert.deepEqual(hover?.range, { start: { line: 14, character: 18 }, end: { line: 14, character: 32 } });
    assert.equal(
      markdown(hover),
      [
        `**Note** [SG101](${helpUri('SG101')}) world-open-sensitive-port`,
        'Group **BastionSG** allows ingress of tcp port 22 (SSH) from a CIDR that depends on Parameter AdminCidr, described as “ssh from admins”.',
        'The CIDR depends on Parameter AdminCidr.',
        SG101_WHY,
        SG101_PEERS,
      ].join('\n\n'),
    );
  });

  it('returns nothing away from findings', async () => {
    const uri = folder()('quiet.yaml');
    await openLinted(uri, 'yaml', BASTION_YAML);
    assert.equal(await client.hover(uri, positionOf(BASTION_YAML, 'FromPort: 22', 3)), null);
    assert.equal(await client.hover(uri, positionOf(BASTION_YAML, 'CidrIp: !Ref', 2)), null);
    assert.equal(await client.hover(uri, positionOf(BASTION_YAML, '10.0.0.0/8', 2)), null);
    assert.equal(await client.hover(uri, { line: 99, character: 0 }), null);
  });

  it('returns nothing for a suppressed finding', async () => {
    const text = BASTION_YAML.replace(
      '  BastionSG:\n',
      '  # sg-lint-ignore SG101 admins reach it through the VPN only\n  BastionSG:\n',
    );
    const uri = folder()('suppressed.yaml');
    const since = client.mark();
    await client.open(uri, 'yaml', text);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, since, 5000);
    assert.deepEqual(published.diagnostics, []);
    assert.equal(await client.hover(uri, positionOf(text, '!Ref AdminCidr', 5)), null);
  });

  it('returns nothing for a version that is not linted yet, and the new findings once it is', async () => {
    client.settings = { ...SETTINGS, debounceMs: 400 };
    const uri = folder()('stale.yaml');
    await openLinted(uri, 'yaml', BASTION_YAML);
    const at = positionOf(BASTION_YAML, '!Ref AdminCidr', 5);
    assert.ok(await client.hover(uri, at));
    // A comment line above the rule: the finding moves one line down, and version 2 waits for the debounce.
    const since = client.mark();
    await client.change(uri, 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' },
    ]);
    assert.equal(await client.hover(uri, at), null);
    assert.equal(await client.hover(uri, { line: at.line + 1, character: at.character }), null);
    await client.waitForDiagnostics(uri, (p) => p.version === 2, since, 5000);
    const hover = await client.hover(uri, { line: at.line + 1, character: at.character });
    assert.deepEqual(hover?.range, {
      start: { line: BASTION_RANGE.start.line + 1, character: 18 },
      end: { line: BASTION_RANGE.end.line + 1, character: 32 },
    });
    assert.match(markdown(hover), /at \[stale\.yaml:6\]\(.*#L6,14\)\.$/m);
  });

  it('escapes names, parameters and descriptions from the template', async () => {
    const uri = folder()('hostile.yaml');
    await openLinted(uri, 'yaml', HOSTILE_YAML);
    const hover = await client.hover(uri, positionOf(HOSTILE_YAML, '!Ref "Cidr', 5));
    const param = 'Cidr\\`\\|\\[x\\](javascript\\:alert(1))\\*\\_';
    assert.equal(
      markdown(hover),
      [
        SG101_HEAD,
        'Group **\\<img src=x onerror=alert(1)\\>** allows ingress of tcp port 22 (SSH) from **0.0.0.0/0** (the world: every IPv4 address), described as “a \\| b \\`code\\` \\[link\\](https\\://evil.example) \\<b\\>\\&amp; \\~\\~x\\~\\~ # head”.',
        `**0.0.0.0/0** comes from Parameter ${param}'s default, at [hostile.yaml:5](${uri}#L5,14).`,
        SG101_WHY,
        SG101_PEERS,
        `Quick fixes: Restrict to 10.0.0.0/8 (corp) in Parameter ${param}'s default · Restrict to a CIDR… in Parameter ${param}'s default`,
      ].join('\n\n'),
    );
    // A finding about the group itself (SG109 on its logical id) falls back to its message, escaped too.
    const unused = await client.hover(uri, positionOf(HOSTILE_YAML, HOSTILE_NAME, 3));
    assert.equal(
      markdown(unused),
      [
        `**Note** [SG109](${helpUri('SG109')}) unused-group`,
        'Security group \\<img src=x onerror=alert(1)\\> is not attached to anything\\: no resource or output in this file references it',
        'Why it matters: An unattached group protects nothing. It is often a leftover from a refactor, or a sign that the resource meant to use it references another group by mistake.',
        'Equivalent checks: checkov `CKV2_AWS_5` · KICS `4849211b-ac39-479e-ae78-5694d506cb24`',
      ].join('\n\n'),
    );
    // No unescaped HTML, and no link but the rule's page and the parameter's line.
    for (const value of [markdown(hover), markdown(unused)]) {
      assert.doesNotMatch(value, /(^|[^\\])</);
      assert.deepEqual(
        [...value.matchAll(/(?:^|[^\\])\]\(([^)]*)\)/g)].map((m) => m[1]),
        value === markdown(hover) ? [helpUri('SG101'), `${uri}#L5,14`] : [helpUri('SG109')],
      );
    }
  });

  it('lists overlapping findings most severe first, with the range of the first', async () => {
    const uri = folder()('overlap.yaml');
    await openLinted(uri, 'yaml', OVERLAP_YAML);
    const hover = await client.hover(uri, positionOf(OVERLAP_YAML, '1.0.0.0/0', 2));
    assert.deepEqual(hover?.range, { start: { line: 15, character: 18 }, end: { line: 15, character: 27 } });
    const rule =
      'Group **AppSG** allows egress of all traffic (every protocol and port) to **1.0.0.0/0** (the world: every IPv4 address, read by AWS as 0.0.0.0/0), described as “everything out”.';
    assert.equal(
      markdown(hover),
      [
        `**Warning** [SG201](${helpUri('SG201')}) invalid-cidr`,
        rule,
        'Why it matters: An invalid CIDR fails the deployment, often late in a long stack update. Host bits (10.0.0.1/8) are silently dropped, so the rule allows far more than the author likely meant.',
        'Equivalent checks: cfn-lint `E3002`',
        'Quick fixes: Change to 0.0.0.0/0',
        '---',
        `**Note** [SG106](${helpUri('SG106')}) world-open-egress`,
        rule,
        'Why it matters: Unrestricted egress lets a compromised instance reach any host: command-and-control, data exfiltration, pulling tools, sending spam. Declaring the destinations a workload needs makes those paths visible.',
        'Equivalent checks: checkov `CKV_AWS_382` · trivy/tfsec `AVD-AWS-0104`, `aws-ec2-no-public-egress-sgr`, `aws-vpc-no-public-egress-sgr` and 1 more · cfn_nag `W5`, `F1000` · KICS `1cc2fbd7-816c-4fbf-ad6d-38a4afa4312a`, `66f2d8f9-a911-4ced-ae27-34f09690bb2c`',
      ].join('\n\n'),
    );
  });
});

describe('hover: escapeMarkdown', () => {
  it('escapes inline syntax, HTML, entities, autolinks and line breaks', () => {
    assert.equal(
      escapeMarkdown(
        'a*b_c `d` [e](f) <g> &h; |i| ~~j~~ \\k https://l.example www.m.example n@o.example\n# p',
      ),
      'a\\*b\\_c \\`d\\` \\[e\\](f) \\<g\\> \\&h; \\|i\\| \\~\\~j\\~\\~ \\\\k https\\://l.example www\\.m.example n\\@o.example # p',
    );
  });

  it('cuts very long text', () => {
    assert.equal(escapeMarkdown('x'.repeat(500)), `${'x'.repeat(200)}…`);
  });
});
