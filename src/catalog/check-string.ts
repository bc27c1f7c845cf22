import { describeJsonValue } from './describe-json-value.js';
import type { ReportError } from './report-error.js';

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
