import { parseEventReference, type EventReference } from './event-reference.js';

/** A string with `{{reference}}` placeholders, split into literal text and references. */
export interface Template {
  readonly text: string;
  readonly parts: ReadonlyArray<string | EventReference>;
}

/**
 * Parses `{{...}}` placeholders. Whitespace inside the braces is ignored (`{{ data.x }}`).
 * `{{` always opens a placeholder and `}}` always closes one; a stray one of either is an
 * error rather than literal text, because in a path or id it is far more likely a typo than
 * meant. Single braces are literal.
 *
 * Substitution happens once: a value put in place of a placeholder is never read for further
 * placeholders, so event data cannot inject references of its own.
 */
export function parseTemplate(text: string): { ok: true; value: Template } | { ok: false; message: string } {
  const parts: Array<string | EventReference> = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    const literal = text.slice(position, open < 0 ? text.length : open);
    if (literal.includes('}}')) return { ok: false, message: "has '}}' without a '{{' before it" };
    if (literal !== '') parts.push(literal);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, message: "has '{{' without a closing '}}'" };
    const inner = text.slice(open + 2, close).trim();
    if (inner.includes('{')) return { ok: false, message: `has a '{' inside the placeholder {{${inner}}}; placeholders do not nest` };
    if (inner === '') return { ok: false, message: 'has an empty placeholder {{}}' };
    const reference = parseEventReference(inner);
    if (!reference.ok) return { ok: false, message: `has the placeholder {{${inner}}}, which ${reference.message}` };
    parts.push(reference.value);
    position = close + 2;
  }
  return { ok: true, value: Object.freeze({ text, parts: Object.freeze(parts) }) };
}

/** The references a template uses, in order. */
export function templateReferences(template: Template): EventReference[] {
  return template.parts.filter((p): p is EventReference => typeof p !== 'string');
}
