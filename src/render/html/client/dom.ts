/// <reference lib="dom" />
/**
 * Building the page's elements. Every value is set as text (a text node or textContent), never as
 * markup: AWS data (resource ids, annotations) and user data cannot become HTML. Attributes are
 * limited to a known set; links only ever point inside the page (`#/...`).
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

const ATTRIBUTES = new Set(['id', 'class', 'scope', 'colspan', 'role', 'tabindex', 'for', 'type', 'value', 'placeholder', 'name', 'title', 'lang']);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (!ATTRIBUTES.has(name) && !name.startsWith('aria-') && !name.startsWith('data-')) throw new Error(`attribute ${name} is not allowed`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c as readonly Child[]);
    else if (typeof c === 'string' || typeof c === 'number') parent.appendChild(document.createTextNode(String(c)));
    else parent.appendChild(c as Node);
  }
}

/** A link to a view of this page: `#/` followed by the route (each part URI-encoded by the caller). */
export function link(route: string, ...children: Child[]): HTMLAnchorElement {
  const a = h('a', {}, children);
  a.setAttribute('href', `#/${route}`);
  return a;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, children);
}

/** A definition list of label / value pairs, leaving out empty values. */
export function facts(pairs: [string, Child][]): HTMLDListElement {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    append(dl, [h('dt', {}, k), h('dd', {}, v)]);
  }
  return dl;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}
