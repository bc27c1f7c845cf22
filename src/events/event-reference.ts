import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';

/**
 * What a reference may start with: the event's own fields, its data, and (inside a rule with
 * `forEach`) the element being repeated over.
 */
export const REFERENCE_ROOTS = ['id', 'source', 'type', 'subject', 'time', 'data', 'item'] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

/** Roots that hold a string, so a step after them could only ever find nothing. */
const SCALAR_ROOTS: ReadonlySet<ReferenceRoot> = new Set(['id', 'source', 'type', 'subject', 'time']);
/**
 * A step is a member name or an array index. Names are limited to the characters JSON data
 * keys usually have; anything else (dots, spaces, brackets) would need a quoting syntax, and
 * keeping none means a reference is read one way only.
 */
const STEP = /^[A-Za-z0-9_$-]+$/;
const MAX_STEPS = 32;

/** A parsed `id`, `subject`, `data.employee.groups.0` or `item.policyId`. */
export interface EventReference {
  /** The reference as written, for messages. */
  readonly text: string;
  readonly root: ReferenceRoot;
  /** Member names or array indexes, in order, after the root. */
  readonly steps: readonly string[];
}

/**
 * Parses a reference. Nothing is evaluated: a reference is only ever a walk through the event's
 * own members, and `__proto__`, `constructor` and `prototype` are refused as steps so that the
 * walk cannot reach anything the sender did not write.
 */
export function parseEventReference(text: string): { ok: true; value: EventReference } | { ok: false; message: string } {
  const [root, ...steps] = text.split('.');
  if (!REFERENCE_ROOTS.some((r) => r === root)) {
    return { ok: false, message: `starts with ${JSON.stringify(root)}; a reference starts with one of ${REFERENCE_ROOTS.join(', ')}` };
  }
  const typedRoot = root as ReferenceRoot;
  if (steps.length > 0 && SCALAR_ROOTS.has(typedRoot)) {
    return { ok: false, message: `${typedRoot} is a string and has no members; only data and item do` };
  }
  if (steps.length > MAX_STEPS) return { ok: false, message: `has more than ${MAX_STEPS} steps` };
  for (const step of steps) {
    if (step === '') return { ok: false, message: 'has an empty step (two dots in a row, or a dot at the end)' };
    if (FORBIDDEN_KEYS.has(step)) return { ok: false, message: `has the step ${step}: __proto__, constructor and prototype are refused` };
    if (!STEP.test(step)) {
      return { ok: false, message: `has the step ${JSON.stringify(step)}; steps are letters, digits, '_', '-' and '$', or an array index` };
    }
  }
  return { ok: true, value: Object.freeze({ text, root: typedRoot, steps: Object.freeze(steps) }) };
}
