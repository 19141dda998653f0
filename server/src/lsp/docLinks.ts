/**
 * Where a rule's documentation lives: the page bundled with the extension (`dist/docs/rules/<folder>/README.md`,
 * copied by esbuild.mjs) when it is there, so links work offline; otherwise the page on the web.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleFolder } from '../../../rules/index';
import { helpUri } from '../report/sarif';

export interface RuleDocLink {
  /** What a diagnostic's `codeDescription.href` points at: the local page if present, else the web page. */
  readonly href: string;
  readonly localUri?: string;
  readonly webUri: string;
}

export class DocLinks {
  private readonly cache = new Map<string, RuleDocLink>();

  /** @param docsRoot the folder holding `<ID>-<name>/README.md`, or undefined to link only to the web. */
  constructor(private readonly docsRoot: string | undefined) {}

  forRule(ruleId: string): RuleDocLink {
    let link = this.cache.get(ruleId);
    if (!link) {
      const webUri = helpUri(ruleId);
      const file = this.docsRoot ? path.join(this.docsRoot, ruleFolder(ruleId), 'README.md') : undefined;
      const localUri = file && fs.existsSync(file) ? pathToFileURL(file).href : undefined;
      link = localUri ? { href: localUri, localUri, webUri } : { href: webUri, webUri };
      this.cache.set(ruleId, link);
    }
    return link;
  }
}
