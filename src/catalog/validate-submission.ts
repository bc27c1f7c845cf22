import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { checkItem } from './check-item.js';
import { ErrorList, type FieldError, fieldPath, type ReportError } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { DEFAULT_SUBMISSION_LIMITS, type SubmissionLimits } from './submission-limits.js';
import type { ValidatedItem } from './validated-item.js';
import { targetIdentity } from '../model/target-identity.js';

export type { FieldError } from '../validation/field-errors.js';
export type { SubmissionLimits } from './submission-limits.js';
export type { ValidatedItem } from './validated-item.js';
export { DEFAULT_SUBMISSION_LIMITS } from './submission-limits.js';
export { validateItem } from './validate-item.js';

const TOP_LEVEL_KEYS = ['label', 'priority', 'dryRun', 'skipNoop', 'items'];
const PRIORITIES = ['interactive', 'bulk'] as const;
const REQUEST = NULL_VALUE_MESSAGES.request;

/** A submission that may be queued: every item resolved against the catalog. */
export interface ValidatedSubmission {
  readonly label: string | undefined;
  readonly priority: 'interactive' | 'bulk' | undefined;
  /** Answer with a plan (what each item would change) instead of queueing anything. */
  readonly dryRun: boolean;
  /** Read each item's assignment first and leave out the items that would change nothing. */
  readonly skipNoop: boolean;
  readonly items: readonly ValidatedItem[];
}

/**
 * Validates the parsed body of `POST /api/jobs`. Every item is checked and every error is
 * counted, so the caller can fix a batch in one round trip; the list returned is capped (see
 * `ErrorList`). Nothing partial is returned: a submission is queued whole or not at all.
 *
 * @throws RangeError when a limit is not a positive integer (a configuration mistake, not input).
 */
export function validateSubmission(
  input: unknown,
  limits: Partial<SubmissionLimits> = {},
): { ok: true; value: ValidatedSubmission } | { ok: false; errors: FieldError[] } {
  const { maxItems, maxRefLength, maxLabelLength } = resolveLimits(limits);
  const errors = new ErrorList();
  const report = errors.reporter();
  if (!isPlainObject(input)) {
    report('', `must be a JSON object with items, got ${describeJsonValue(input)}`);
    return { ok: false, errors: errors.toArray() };
  }
  for (const key of Object.keys(input)) {
    if (FORBIDDEN_KEYS.has(key)) report(fieldPath('', key), 'is a forbidden key: __proto__, constructor and prototype are refused');
  }
  checkObjectKeys(input, TOP_LEVEL_KEYS, '', report);

  const label = checkString(input.label, 'label', report, { maxLength: maxLabelLength, nullMessage: REQUEST });
  const priority = checkEnum(input.priority, 'priority', report, PRIORITIES, { nullMessage: REQUEST });
  const dryRun = checkFlag(input.dryRun, 'dryRun', report);
  const skipNoop = checkFlag(input.skipNoop, 'skipNoop', report);
  const items: ValidatedItem[] = [];
  const list = input.items;
  if (list === undefined) {
    report('items', `is required: an array of 1 to ${maxItems} items`);
  } else if (!Array.isArray(list)) {
    report('items', `must be an array, got ${describeJsonValue(list)}`);
  } else if (list.length === 0) {
    report('items', 'must contain at least one item');
  } else if (list.length > maxItems) {
    // Refused before looking at the items: validating a million entries only to refuse them
    // would let one request occupy the service.
    report('items', `has ${list.length} items; at most ${maxItems} are accepted in one job`);
  } else {
    list.forEach((item: unknown, index) => {
      const value = checkItem(item, index, errors.reporter(index), maxRefLength);
      if (value) items.push(value);
    });
  }
  if (errors.count === 0) refuseRepeatedTargets(items, errors);
  if (errors.count > 0) return { ok: false, errors: errors.toArray() };
  return { ok: true, value: Object.freeze({ label, priority, dryRun, skipNoop, items: Object.freeze(items) }) };
}

function checkFlag(value: unknown, field: string, report: ReportError): boolean {
  if (value === undefined) return false;
  if (value === null) report(field, REQUEST);
  else if (typeof value !== 'boolean') report(field, `must be a boolean (true or false), got ${describeJsonValue(value)}`);
  return value === true;
}

/** Limits come from configuration: a bad one is a bug to surface at once, naming the value. */
function resolveLimits(limits: Partial<SubmissionLimits>): SubmissionLimits {
  const resolved = { ...DEFAULT_SUBMISSION_LIMITS };
  for (const name of Object.keys(DEFAULT_SUBMISSION_LIMITS) as Array<keyof SubmissionLimits>) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`limits.${name} must be a positive integer, got ${String(value)}`);
    }
    resolved[name] = value;
  }
  return resolved;
}

/**
 * Two items that change the same assignment would race, or (in one policy's set) contradict each
 * other, and whichever came last would win: refuse them rather than leave the outcome to chance.
 * Assignment-set items name their assignment by the policy and the target's identity.
 */
function refuseRepeatedTargets(items: readonly ValidatedItem[], errors: ErrorList): void {
  const first = new Map<string, number>();
  for (const item of items) {
    const set = item.action !== undefined;
    const id = set ? (targetIdentity(item.body.target) ?? '') : typeof item.body.id === 'string' ? item.body.id.toLowerCase() : '';
    const key = `${set ? 'set' : 'patch'}|${item.path.toLowerCase()}|${id}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, item.index);
    else if (set) errors.reporter(item.index)(`items[${item.index}].target`, `names the same target of the same policy as item ${earlier}; a job may change each assignment once`);
    else errors.reporter(item.index)(`items[${item.index}].path`, `changes the same assignment as item ${earlier}; a job may change each assignment once`);
  }
}
