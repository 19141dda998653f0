import type { RuleModule } from '../types';

export const rule: RuleModule = {
  meta: {
    id: 'SG000',
    name: 'parse-error',
    defaultSeverity: 'error',
    description: 'The file could not be parsed; everything that did parse is still checked.',
    rationale:
      'CloudFormation and Terraform reject a file with a syntax error, and a linter that silently skips it would report "no findings" for a file it never read.',
    peerIds: { cfn_lint: ['E0000'] },
    formats: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const e of model.parseErrors) {
      report({ message: e.message, uri: e.uri, range: e.range, resource: '' });
    }
  },
};
