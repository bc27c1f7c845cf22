import { describeJsonValue } from './describe-json-value.js';
import type { ReportError } from './report-error.js';

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
