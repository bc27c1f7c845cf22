import type { FieldError } from '../validation/field-errors.js';
import { describeJsonValue, isPlainObject } from '../validation/json-checks.js';

/** Reads `{ dryRun?: boolean }`, the body of `POST /api/reconciliations` (absent means a full run). */
export function parseReconciliationRequest(body: unknown): { ok: true; value: { dryRun: boolean } } | { ok: false; errors: FieldError[] } {
  if (body === undefined) return { ok: true, value: { dryRun: false } };
  if (!isPlainObject(body)) return { ok: false, errors: [{ field: '', message: `must be a JSON object such as {"dryRun": true}, got ${describeJsonValue(body)}` }] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'dryRun') errors.push({ field: key, message: 'is not a reconciliation option; allowed: dryRun' });
  }
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') {
    errors.push({ field: 'dryRun', message: `must be a boolean (true or false), got ${describeJsonValue(body.dryRun)}` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { dryRun: body.dryRun === true } };
}
