import { checkItem } from './check-item.js';
import { ErrorList, type FieldError } from '../validation/field-errors.js';
import { DEFAULT_SUBMISSION_LIMITS } from './submission-limits.js';
import type { ValidatedItem } from './validated-item.js';

/**
 * Validates one item outside a submission (events and reconciliation build items one by one).
 *
 * @param options.maxRefLength Longest accepted `ref`. @default 200
 * @param options.field Where the item sits, for error fields. @default `items[index]`, as inside a submission
 */
export function validateItem(
  input: unknown,
  index: number,
  options: { readonly maxRefLength?: number; readonly field?: string } = {},
): { ok: true; value: ValidatedItem } | { ok: false; errors: FieldError[] } {
  const errors = new ErrorList();
  const value = checkItem(input, index, errors.reporter(index), options.maxRefLength ?? DEFAULT_SUBMISSION_LIMITS.maxRefLength, options.field);
  return value && errors.count === 0 ? { ok: true, value } : { ok: false, errors: errors.toArray() };
}
