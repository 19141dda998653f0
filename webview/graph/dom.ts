/**
 * Building DOM from untrusted text: every string becomes a text node (textContent), never markup. Nothing
 * in the webview assigns innerHTML/outerHTML or uses insertAdjacentHTML; eslint forbids it.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly className?: string;
  readonly title?: string;
  readonly role?: string;
  readonly tabIndex?: number;
  readonly ariaLabel?: string;
  readonly dataset?: Readonly<Record<string, string>>;
  readonly onClick?: (e: MouseEvent) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const node: HTMLElement = el;
  if (props.className) el.className = props.className;
  if (props.title !== undefined) el.title = props.title;
  if (props.role) el.setAttribute('role', props.role);
  if (props.tabIndex !== undefined) el.tabIndex = props.tabIndex;
  if (props.ariaLabel !== undefined) el.setAttribute('aria-label', props.ariaLabel);
  for (const [k, v] of Object.entries(props.dataset ?? {})) el.dataset[k] = v;
  if (props.onClick) {
    const onClick = props.onClick;
    node.addEventListener('click', onClick);
    // Clickable non-buttons answer the keyboard too.
    if (tag !== 'button' && tag !== 'a') {
      if (props.tabIndex === undefined) el.tabIndex = 0;
      if (!props.role) el.setAttribute('role', 'button');
      node.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          node.click();
        }
      });
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(
      typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c,
    );
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
