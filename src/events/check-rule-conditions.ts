import { describeJsonValue, isPlainObject } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import type { ConditionValue, EventCondition } from './event-rule.js';
import { parseEventReference } from './event-reference.js';

/**
 * Checks a rule's `when`: an object whose keys are references (`subject`, `data.country`) and
 * whose values are what the referenced value must equal, a string, number or boolean, or a
 * non-empty array of them meaning "any of these".
 *
 * `null` is refused as a value: whether "absent" and "null" should match it would be a guess.
 * `item` is refused as a root: conditions decide whether the rule applies, before any `forEach`.
 *
 * @returns the conditions in file order, or `undefined` when anything was reported.
 */
export function checkRuleConditions(value: unknown, field: string, report: ReportError): EventCondition[] | undefined {
  if (value === undefined) return [];
  if (!isPlainObject(value)) {
    report(field, `must be an object of reference: value pairs, got ${describeJsonValue(value)}`);
    return undefined;
  }
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  const conditions: EventCondition[] = [];
  for (const key of Object.keys(value)) {
    const at = fieldPath(field, key);
    // Reported once by the scan of the whole file; only kept out of the conditions here.
    if (FORBIDDEN_KEYS.has(key)) {
      failed = true;
      continue;
    }
    const reference = parseEventReference(key);
    if (!reference.ok) {
      note(at, `is not a reference: it ${reference.message}`);
      continue;
    }
    if (reference.value.root === 'item') {
      note(at, 'cannot use item: conditions are checked before forEach repeats anything');
      continue;
    }
    const anyOf = checkExpected(value[key], at, note);
    if (anyOf) conditions.push(Object.freeze({ reference: reference.value, anyOf: Object.freeze(anyOf) }));
  }
  return failed ? undefined : conditions;
}

function checkExpected(value: unknown, field: string, report: ReportError): ConditionValue[] | undefined {
  if (isConditionValue(value)) return [value];
  if (!Array.isArray(value)) {
    report(field, `must be a string, number or boolean, or an array of them; got ${describeJsonValue(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    report(field, 'must not be an empty array: no value could ever match');
    return undefined;
  }
  const bad = value.findIndex((v: unknown) => !isConditionValue(v));
  if (bad >= 0) {
    report(fieldPath(field, bad), `must be a string, number or boolean; got ${describeJsonValue(value[bad])}`);
    return undefined;
  }
  return value as ConditionValue[];
}

function isConditionValue(value: unknown): value is ConditionValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
