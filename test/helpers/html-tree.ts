/** Reading parsed HTML (parse5) in tests: every element under a node, a node's text, an attribute. */
import type { DefaultTreeAdapterTypes } from 'parse5';

export type Element = DefaultTreeAdapterTypes.Element;

/** Every element under `node`, in document order. */
export function elements(node: DefaultTreeAdapterTypes.ParentNode): Element[] {
  const out: Element[] = [];
  for (const child of node.childNodes) if ('tagName' in child) out.push(child, ...elements(child));
  return out;
}

/** The text under `node`, as a reader sees it (entities decoded). */
export function text(node: DefaultTreeAdapterTypes.ParentNode): string {
  return node.childNodes.map((c) => (c.nodeName === '#text' && 'value' in c ? c.value : 'childNodes' in c ? text(c) : '')).join('');
}

/** An attribute's value, or undefined. */
export const attr = (e: Element, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;
