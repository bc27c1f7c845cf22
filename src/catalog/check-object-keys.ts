import { fieldPath } from './field-path.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';
import type { ReportError } from './report-error.js';

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
