/**
 * `sgLint.applyFix`: a quick fix that needs the user first ("Restrict to a CIDR…", "Allow a security
 * group instead…", "Limit to ports…", "Suppress SG101 for this rule…"). The client asks (an input box that
 * checks the answer as it is typed, or a quick pick), the server writes the edit in the file's own syntax
 * (`sgLint/fixEdit`), and the client applies it. Nothing is edited when the user cancels.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type {
  ApplyFixArgs,
  FixAnswer,
  FixEditParams,
  FixEditResult,
  FixQuestion,
} from '../../server/src/protocol';
import { Requests } from '../../server/src/protocol';
import { cidrProblem, parsePorts } from './answers';

/** Asks the question; undefined when the user cancels. */
async function ask(
  question: FixQuestion,
  title: string,
): Promise<{ answer?: FixAnswer; reason?: string } | undefined> {
  switch (question.kind) {
    case 'cidr': {
      const example = question.family === 4 ? '203.0.113.0/24' : '2001:db8::/48';
      const value = await vscode.window.showInputBox({
        title,
        prompt: `The IPv${question.family} CIDR to allow instead${question.current ? ` of ${question.current}` : ''}`,
        placeHolder: example,
        ignoreFocusOut: true,
        validateInput: (v) => cidrProblem(v, question.family),
      });
      return value === undefined ? undefined : { answer: { kind: 'cidr', cidr: value.trim() } };
    }
    case 'group': {
      const picked = await vscode.window.showQuickPick(
        question.candidates.map((address) => ({ label: address })),
        { title, placeHolder: 'The security group whose members may connect instead' },
      );
      return picked ? { answer: { kind: 'group', address: picked.label } } : undefined;
    }
    case 'ports': {
      const value = await vscode.window.showInputBox({
        title,
        prompt: 'The ports to allow: a port (443), a range (8000-8100), optionally with udp (udp 53)',
        placeHolder: '443',
        ...(question.current ? { value: question.current } : {}),
        ignoreFocusOut: true,
        validateInput: (v) => {
          const p = parsePorts(v);
          return 'error' in p ? p.error : undefined;
        },
      });
      if (value === undefined) return undefined;
      const p = parsePorts(value);
      return 'error' in p ? undefined : { answer: { kind: 'ports', ...p } };
    }
    case 'reason': {
      const value = await vscode.window.showInputBox({
        title,
        prompt: `Why is ${question.ruleId} accepted here? The reason is written next to the suppression.`,
        placeHolder: 'e.g. public bastion, reviewed in SEC-123',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'A suppression needs a reason.'),
      });
      return value === undefined ? undefined : { reason: value.trim() };
    }
  }
}

export async function applyFix(client: LanguageClient, args: ApplyFixArgs): Promise<void> {
  const answered = await ask(args.question, args.title);
  if (!answered) return;
  const params: FixEditParams = {
    ref: args.ref,
    ...(args.fixIndex !== undefined ? { fixIndex: args.fixIndex } : {}),
    ...(answered.answer ? { answer: answered.answer } : {}),
    ...(answered.reason !== undefined ? { reason: answered.reason } : {}),
  };
  let result: FixEditResult;
  try {
    result = await client.sendRequest<FixEditResult>(Requests.fixEdit, params);
  } catch (e) {
    void vscode.window.showErrorMessage(`SG Lint: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (!result.edit) {
    void vscode.window.showWarningMessage(`SG Lint: ${result.error ?? 'nothing to change.'}`);
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(
    result.edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0],
  );
  if (!edit || !(await vscode.workspace.applyEdit(edit)))
    void vscode.window.showWarningMessage(
      'SG Lint: the file changed before the fix could be applied; try again.',
    );
}
