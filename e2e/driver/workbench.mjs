/* global document, NodeFilter, performance */
// What a person does in the VS Code workbench, as playwright-core calls: open a file, run a command,
// move the cursor, read the squiggles and the Problems panel, open the quick-fix menu. Every wait is a
// selector or condition wait with a timeout; nothing sleeps for a fixed time to "let things settle".
//
// Selectors are VS Code 1.100's (code-server 4.100.3). The ones that matter:
//   .part.editor .editor-group-container.active .monaco-editor   the active text editor
//   .view-line / .margin-view-overlays .line-numbers              its rendered lines and line numbers
//   .squiggly-error / .squiggly-warning / .squiggly-info          diagnostics' decorations
//   .markers-panel .monaco-list-row                               Problems panel rows (aria-label)
//   .quick-input-widget                                           command palette, quick open, go to line
//   .action-widget .monaco-list-row.action                        quick-fix (code action) menu items

const EDITOR = '.part.editor .editor-group-container.active .monaco-editor';
const QUICK_INPUT = '.quick-input-widget';
/** Where the mouse rests between actions: the empty middle of the status bar (no hover, no tooltip). */
const MOUSE_REST = { x: 600, y: -10 };

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /** Loads the workbench on `folder` and waits until it is usable. */
  async open(baseUrl, folder) {
    const url = `${baseUrl}?folder=${encodeURIComponent(folder)}`;
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the remote file system answers.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  // ---- keyboard and quick input ---------------------------------------------------------------

  async press(keys) {
    await this.page.keyboard.press(keys);
  }

  /** Closes menus, hovers and quick inputs. */
  async escape(times = 2) {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Escape');
  }

  async quickInput() {
    const widget = this.page.locator(QUICK_INPUT);
    await widget.waitFor({ state: 'visible', timeout: 10_000 });
    return widget;
  }

  /**
   * Runs a command from the command palette (F1) by its label; the first row must match, so a typo or a
   * command that does not exist fails here rather than running something else.
   */
  async command(label) {
    await this.page.keyboard.press('F1');
    const widget = await this.quickInput();
    await this.page.keyboard.type(label);
    const row = widget.locator('.monaco-list-row').first();
    await row.filter({ hasText: label }).waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Opens a workspace file by its relative path through quick open (Ctrl+P), as a person would. */
  async openFile(relPath) {
    const base = relPath.split('/').pop();
    await this.page.keyboard.press('Control+P');
    const widget = await this.quickInput();
    await this.page.keyboard.type(relPath);
    // File search (ripgrep in code-server) answers asynchronously: wait for the file's own row, then
    // move the selection to it and press Enter.
    await widget.locator('.monaco-list-row', { hasText: base }).first().waitFor({ timeout: 20_000 });
    await this.chooseRow(widget, (label) => label.includes(base), `quick open: ${relPath}`);
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.locator('.part.editor .tab.active', { hasText: base }).waitFor({ timeout: 20_000 });
    await this.editor().locator('.view-lines').waitFor({ timeout: 20_000 });
    await this.focusEditor();
  }

  /**
   * In an open list (quick input, quick-fix menu), moves the keyboard selection down to the first row
   * whose label satisfies `accept` and presses Enter; returns that label.
   */
  async chooseRow(container, accept, what) {
    const rows = container.locator('.monaco-list-row');
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      const focused = container.locator('.monaco-list-row.focused');
      const label = (await focused.count())
        ? ((await focused.first().getAttribute('aria-label')) ?? (await focused.first().textContent()))
        : '';
      if (accept(label)) {
        await this.page.keyboard.press('Enter');
        return label;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`${what}: no matching row`);
  }

  /** Moves the mouse where it shows no hover or tooltip. */
  async restMouse() {
    const size = this.page.viewportSize();
    await this.page.mouse.move(MOUSE_REST.x, size.height + MOUSE_REST.y);
  }

  editor() {
    return this.page.locator(EDITOR).first();
  }

  /** Focuses the active editor ("View: Focus Active Editor Group"), keeping its cursor. */
  async focusEditor() {
    await this.page.keyboard.press('Control+1');
    await this.page.locator(`${EDITOR}.focused`).waitFor({ timeout: 10_000 });
  }

  /** Clicks into the active editor before the character at `line`:`column` (1-based; on screen). */
  async clickAt(line, column) {
    const point = await this.page.evaluate(
      ({ sel, line, column }) => {
        const ed = document.querySelector(sel);
        const gutter = [...(ed?.querySelectorAll('.margin-view-overlays .line-numbers') ?? [])].find(
          (el) => Number(el.textContent) === line,
        );
        if (!gutter) return null;
        const g = gutter.getBoundingClientRect();
        const mid = (g.top + g.bottom) / 2;
        const viewLine = [...ed.querySelectorAll('.view-lines .view-line')].find((el) => {
          const r = el.getBoundingClientRect();
          return mid >= r.top && mid < r.bottom;
        });
        if (!viewLine) return null;
        const walker = document.createTreeWalker(viewLine, NodeFilter.SHOW_TEXT);
        let offset = column - 1;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (offset < node.length) {
            const range = document.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + 1);
            const r = range.getBoundingClientRect();
            return { x: r.left + 1, y: (r.top + r.bottom) / 2 };
          }
          offset -= node.length;
        }
        return null;
      },
      { sel: EDITOR, line, column },
    );
    if (!point) throw new Error(`line ${line}, column ${column} is not on screen`);
    await this.page.mouse.click(point.x, point.y);
    await this.restMouse();
  }

  /**
   * Waits until `read()` returns `expected` (deep-equal as JSON) and returns it, or the last value read
   * after `timeout` ms: for what the workbench updates asynchronously, such as the status bar.
   */
  async settle(read, expected, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let value = await read();
    while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
      await this.page.waitForTimeout(50);
      value = await read();
    }
    return value;
  }

  /** The cursor position the status bar shows, `{ line, column }`. */
  async cursor() {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`no cursor position in the status bar: "${text}"`);
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G); line and column are 1-based. */
  async gotoLine(line, column = 1) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const widget = await this.quickInput();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  // ---- what the editor shows ------------------------------------------------------------------

  /**
   * The active editor's rendered lines, `{ line, text }` (1-based line numbers from the gutter). Only
   * the lines on screen are rendered: keep fixtures short enough to fit.
   */
  async lines() {
    return this.page.evaluate((sel) => {
      const ed = document.querySelector(sel);
      if (!ed) return [];
      const numbers = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')].map((el) => {
        const r = el.getBoundingClientRect();
        return { line: Number(el.textContent), mid: (r.top + r.bottom) / 2 };
      });
      return [...ed.querySelectorAll('.view-lines .view-line')]
        .map((el) => {
          const r = el.getBoundingClientRect();
          const n = numbers.find((x) => x.mid >= r.top && x.mid < r.bottom);
          return { line: n ? n.line : -1, text: el.textContent.replace(/\u00a0/g, ' ') };
        })
        .sort((a, b) => a.line - b.line);
    }, EDITOR);
  }

  /** The text of one line of the active editor; the line must be on screen. */
  async lineText(line) {
    const lines = await this.lines();
    const found = lines.find((l) => l.line === line);
    if (!found)
      throw new Error(`line ${line} is not on screen (lines ${lines[0]?.line}–${lines.at(-1)?.line} are)`);
    return found.text;
  }

  /** Squiggles in the active editor: `{ line, kind, x, width }`; kind is error, warning, info or hint. */
  async squiggles() {
    return this.page.evaluate((sel) => {
      const ed = document.querySelector(sel);
      if (!ed) return [];
      const numbers = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')].map((el) => {
        const r = el.getBoundingClientRect();
        return { line: Number(el.textContent), top: r.top, bottom: r.bottom };
      });
      return [...ed.querySelectorAll('[class*="squiggly-"]')].map((el) => {
        const r = el.getBoundingClientRect();
        const mid = (r.top + r.bottom) / 2;
        const n = numbers.find((x) => mid >= x.top && mid < x.bottom);
        const kind = /squiggly-(error|warning|info|hint)/.exec(el.className)?.[1] ?? 'unknown';
        return { line: n ? n.line : -1, kind, x: Math.round(r.left), width: Math.round(r.width) };
      });
    }, EDITOR);
  }

  /** Waits until `predicate(squiggles)` holds; returns the squiggles. */
  async waitForSquiggles(predicate, what, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    let last = [];
    while (Date.now() < deadline) {
      last = await this.squiggles();
      if (predicate(last)) return last;
      await this.page.waitForTimeout(50);
    }
    throw new Error(
      `timed out after ${timeout} ms waiting for ${what}; squiggles now: ${JSON.stringify(last)}`,
    );
  }

  /** Waits for an error squiggle on `line` of the active editor. */
  async waitForErrorOnLine(line, timeout) {
    return this.waitForSquiggles(
      (s) => s.some((q) => q.line === line && q.kind === 'error'),
      `an error squiggle on line ${line}`,
      timeout,
    );
  }

  /**
   * Types `text` at the cursor like a person (a short delay between keys), then waits until the active
   * editor has an error squiggle on `line` and the Problems panel lists `message`. Returns the times from
   * the last keystroke until each appeared, `{ squiggleMs, problemsMs }`, measured in the page
   * (requestAnimationFrame polling), and whether a squiggle was already on the line when typing ended.
   */
  async typeAndTimeDiagnostic(text, line, message, timeout = 30_000) {
    await this.page.evaluate(() => {
      globalThis.__e2e = { lastKey: 0, squiggleAt: 0, listedAt: 0 };
      if (!globalThis.__e2eKeyHook) {
        globalThis.__e2eKeyHook = true;
        globalThis.addEventListener('keydown', () => (globalThis.__e2e.lastKey = performance.now()), true);
      }
    });
    await this.page.keyboard.type(text, { delay: 30 });
    const probe = ({ sel, line, message }) => {
      const state = globalThis.__e2e;
      const ed = document.querySelector(sel);
      const gutter = [...(ed?.querySelectorAll('.margin-view-overlays .line-numbers') ?? [])].find(
        (el) => Number(el.textContent) === line,
      );
      if (!gutter) return false;
      const g = gutter.getBoundingClientRect();
      const squiggle = [...ed.querySelectorAll('.squiggly-error')].some((el) => {
        const r = el.getBoundingClientRect();
        const mid = (r.top + r.bottom) / 2;
        return mid >= g.top && mid < g.bottom;
      });
      const listed = [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) =>
        (r.getAttribute('aria-label') ?? '').includes(message),
      );
      const now = performance.now();
      if (squiggle && !state.squiggleAt) state.squiggleAt = now;
      if (listed && !state.listedAt) state.listedAt = now;
      if (!state.squiggleAt || !state.listedAt) return false;
      return { squiggleMs: state.squiggleAt - state.lastKey, problemsMs: state.listedAt - state.lastKey };
    };
    const args = { sel: EDITOR, line, message };
    const squiggleWhenTypingEnded = await this.page
      .evaluate(probe, args)
      .then(() => this.page.evaluate(() => globalThis.__e2e.squiggleAt > 0));
    const handle = await this.page.waitForFunction(probe, args, { polling: 'raf', timeout });
    return { ...(await handle.jsonValue()), squiggleWhenTypingEnded };
  }

  /** The language mode shown in the status bar ("YAML", "Terraform", ...). */
  async languageMode() {
    const item = this.page.locator('[id="status.editor.mode"]');
    await item.waitFor({ timeout: 10_000 });
    return (await item.innerText()).trim();
  }

  // ---- Problems panel -------------------------------------------------------------------------

  /** Opens and focuses the Problems panel (command palette: "View: Focus Problems"). */
  async focusProblems() {
    await this.command('Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10_000 });
  }

  /**
   * Opens the Problems panel filtered to `filter` (a file name, or text of the messages), as a person
   * narrows a long list; the panel renders only the rows that fit, so the filter is also what makes the
   * expected rows present in the DOM.
   */
  async showProblems(filter) {
    await this.focusProblems();
    await this.filterProblems(filter);
  }

  /**
   * The Problems panel's rendered rows: `{ file, label }` for each marker, `file` being the label of the
   * file row above it (the tree shows a file row at level 1 and its markers at level 2).
   */
  async problems() {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
      els.map((r) => ({
        level: Number(r.getAttribute('aria-level') ?? 0),
        index: Number(r.getAttribute('data-index') ?? 0),
        label: r.getAttribute('aria-label') || r.textContent || '',
      })),
    );
    rows.sort((a, b) => a.index - b.index);
    const markers = [];
    let file = '';
    for (const r of rows) {
      if (r.level === 1) file = r.label;
      else if (r.level === 2) markers.push({ file, label: r.label }); // level 3: related locations
    }
    return markers;
  }

  /** Types into the Problems panel's filter box ("" clears it). */
  async filterProblems(text) {
    const input = this.page.locator('.viewpane-filter input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
  }

  /** Waits for a Problems entry of a file whose label contains `fileText`, with `text` in its label. */
  async waitForProblem(fileText, text, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    let markers = [];
    while (Date.now() < deadline) {
      markers = await this.problems();
      const hit = markers.find((m) => m.file.includes(fileText) && m.label.includes(text));
      if (hit) return hit;
      await this.page.waitForTimeout(100);
    }
    throw new Error(
      `timed out after ${timeout} ms waiting for a Problems entry of ${fileText} with "${text}"; rows now:\n  ` +
        markers.map((m) => `${m.file} › ${m.label}`).join('\n  '),
    );
  }

  /** Waits until no Problems entry of `fileText` has `text` in its label. */
  async waitForNoProblem(fileText, text, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const markers = await this.problems();
      if (!markers.some((m) => m.file.includes(fileText) && m.label.includes(text))) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(
      `timed out after ${timeout} ms: the Problems panel still lists "${text}" for ${fileText}`,
    );
  }

  // ---- quick fixes ------------------------------------------------------------------------------

  /** Opens the quick-fix menu (Ctrl+.) at the cursor; returns the titles of its actions. */
  async openCodeActions() {
    await this.page.keyboard.press('Control+.');
    const menu = this.page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    await menu.locator('.monaco-list-row.action').first().waitFor({ timeout: 10_000 });
    return this.codeActionTitles();
  }

  async codeActionTitles() {
    return this.page
      .locator('.action-widget .monaco-list-row.action')
      .evaluateAll((rows) => rows.map((r) => (r.querySelector('.title') ?? r).textContent.trim()));
  }

  /** Picks the quick-fix menu item whose title starts with `prefix`, with the keyboard; returns the title. */
  async pickCodeAction(prefix) {
    const menu = this.page.locator('.action-widget');
    const title = await this.chooseRow(
      menu,
      (label) => label.startsWith(prefix),
      `quick-fix menu (${(await this.codeActionTitles()).join(' | ')})`,
    );
    await menu.waitFor({ state: 'hidden', timeout: 10_000 });
    return title;
  }
}
