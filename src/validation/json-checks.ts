import { type ReportError, fieldPath } from './field-errors.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';

/**
 * Checks of JSON values that know nothing of Graph: plain objects, strings, enums, unknown keys,
 * and how a refused value is described back to the caller.
 */
/**
 * True for a JSON object: not null, not an array, and with the ordinary prototype (or none).
 * Anything else, such as an object whose prototype was swapped, is refused rather than
 * inspected, because its inherited properties would escape the key checks.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const MAX_SHOWN = 40;

/**
 * Short description of a value for "got …" in error messages. Strings are quoted and cut, so
 * that a caller's input is echoed safely and briefly.
 */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Why `null` is refused. In the assignment body it matters most: Graph treats a property sent
 * as null in a PATCH as "clear it", so a null sent by mistake would silently remove a target
 * or a filter. Elsewhere null is refused so that "absent" has one spelling only.
 */
export const NULL_VALUE_MESSAGES = Object.freeze({
  request: 'must not be null: leave the property out instead',
  patch: 'must not be null: in a PATCH, null clears the property in Graph; leave the property out to keep it unchanged',
});

export interface StringRule {
  /** Absent (`undefined`) is an error. @default false */
  readonly required?: boolean;
  /** Empty or whitespace-only strings are refused. @default false */
  readonly nonBlank?: boolean;
  /** Longest accepted length, in UTF-16 code units. */
  readonly maxLength?: number;
  /** A pattern the whole string must match, and what to say when it does not. */
  readonly pattern?: { readonly regex: RegExp; readonly message: string };
  /** Why null is refused in this place (see `NULL_VALUE_MESSAGES`). */
  readonly nullMessage: string;
}

/**
 * Checks an optional or required string. Returns the string when it is present and valid,
 * `undefined` when it is absent or was reported.
 */
export function checkString(value: unknown, field: string, report: ReportError, rule: StringRule): string | undefined {
  if (value === undefined) {
    if (rule.required) report(field, 'is required');
    return undefined;
  }
  if (value === null) {
    report(field, rule.nullMessage);
    return undefined;
  }
  if (typeof value !== 'string') {
    report(field, `must be a string, got ${describeJsonValue(value)}`);
    return undefined;
  }
  if (rule.nonBlank && value.trim() === '') {
    report(field, 'must not be empty');
    return undefined;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    report(field, `must be at most ${rule.maxLength} characters long, got ${value.length}`);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.regex.test(value)) {
    report(field, rule.pattern.message);
    return undefined;
  }
  return value;
}

/**
 * Checks an optional or required string enum (exact, case-sensitive, as Graph's enums are).
 * Returns the value when present and valid, `undefined` when absent or reported.
 */
export function checkEnum<T extends string>(
  value: unknown,
  field: string,
  report: ReportError,
  values: readonly T[],
  rule: { readonly required?: boolean; readonly nullMessage: string },
): T | undefined {
  if (value === undefined) {
    if (rule.required) report(field, `is required: one of ${values.join(', ')}`);
    return undefined;
  }
  if (value === null) {
    report(field, rule.nullMessage);
    return undefined;
  }
  if (typeof value !== 'string') {
    report(field, `must be a string, got ${describeJsonValue(value)}`);
    return undefined;
  }
  const match = values.find((v) => v === value);
  if (match === undefined) report(field, `must be one of ${values.join(', ')}; got ${describeJsonValue(value)}`);
  return match;
}

/**
 * Reports every own key of `object` that is not in `allowed`. Forbidden keys are skipped here:
 * they are reported once, with their own message, by a scan for them.
 *
 * @param owner What the keys belong to, for the message (e.g. `microsoft.graph.groupAssignmentTarget`).
 */
export function checkObjectKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  field: string,
  report: ReportError,
  owner?: string,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key) || FORBIDDEN_KEYS.has(key)) continue;
    const of = owner ? ` of ${owner}` : '';
    report(fieldPath(field, key), `is an unknown property${of}; allowed: ${allowed.join(', ') || 'none'}`);
  }
}
