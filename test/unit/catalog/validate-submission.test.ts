import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/catalog/validate-submission.js';
import { COMPLIANCE_PATH, errorsOf, expectError, validItem } from './submission-fixtures.js';

describe('validateSubmission: the request as a whole', () => {
  it('accepts a minimal submission and fills in the defaults', () => {
    const result = validateSubmission({ items: [validItem()] });
    expect(result).toMatchObject({ ok: true, value: { label: undefined, priority: undefined, dryRun: false } });
    if (result.ok) expect(result.value.items).toHaveLength(1);
  });

  it('keeps label, priority and dryRun when they are valid', () => {
    const result = validateSubmission({ label: 'HR move', priority: 'interactive', dryRun: true, items: [validItem()] });
    expect(result).toMatchObject({ ok: true, value: { label: 'HR move', priority: 'interactive', dryRun: true } });
  });

  it.each([
    ['null', null],
    ['an array', [validItem()]],
    ['a string', '{"items":[]}'],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses a body that is %s rather than an object', (_, input) => {
    expectError(validateSubmission(input), '', 'must be a JSON object');
  });

  it('refuses unknown top-level properties, naming each', () => {
    const result = validateSubmission({ items: [validItem()], lable: 'typo', callbackUrl: 'https://x' });
    expectError(result, 'lable', 'unknown property');
    expectError(result, 'callbackUrl', 'allowed: label, priority, dryRun, skipNoop, items');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the top-level key %s as a forbidden key', (key) => {
    const input = JSON.parse(`{"items":[{"path":"${COMPLIANCE_PATH}","body":{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}}],"${key}":{"polluted":true}}`);
    expectError(validateSubmission(input), key, 'forbidden key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['missing', {}, 'is required'],
    ['not an array', { items: { 0: validItem() } }, 'must be an array, got an object'],
    ['empty', { items: [] }, 'at least one item'],
  ])('refuses items when it is %s', (_, input, text) => {
    expectError(validateSubmission(input), 'items', text);
  });

  it.each([
    ['label', { label: 7 }, 'must be a string, got 7'],
    ['label', { label: 'x'.repeat(201) }, 'at most 200 characters'],
    ['label', { label: null }, 'must not be null'],
    ['priority', { priority: 'urgent' }, 'must be one of interactive, bulk; got "urgent"'],
    ['priority', { priority: 1 }, 'must be a string, got 1'],
    ['dryRun', { dryRun: 'true' }, 'must be a boolean (true or false), got "true"'],
    ['dryRun', { dryRun: null }, 'must not be null'],
  ])('refuses an invalid %s (%j)', (field, extra, text) => {
    expectError(validateSubmission({ items: [validItem()], ...extra }), field, text);
  });

  it('accepts a label of exactly the maximum length', () => {
    expect(validateSubmission({ label: 'x'.repeat(200), items: [validItem()] }).ok).toBe(true);
  });

  it('applies custom limits for label, ref and item count', () => {
    const limits = { maxItems: 2, maxLabelLength: 3, maxRefLength: 4 };
    const result = validateSubmission({ label: 'abcd', items: [validItem({ ref: 'abcde' })] }, limits);
    expectError(result, 'label', 'at most 3 characters');
    expectError(result, 'items[0].ref', 'at most 4 characters');
    expectError(validateSubmission({ items: [validItem(), validItem(), validItem()] }, limits), 'items', 'at most 2');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws when a limit is %s, naming the value', (bad) => {
    expect(() => validateSubmission({ items: [validItem()] }, { maxItems: bad })).toThrow(/limits\.maxItems must be a positive integer/);
  });
});

describe('validateSubmission: many items', () => {
  it('accepts 10,000 valid items', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => validItem({ ref: `row-${i}`, path: COMPLIANCE_PATH.replace(/[^/]+$/, `assignment-${i}`) }));
    const result = validateSubmission({ priority: 'bulk', items });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.items).toHaveLength(10_000);
      expect(result.value.items[9_999]).toMatchObject({ index: 9_999, ref: 'row-9999' });
    }
  });

  it('refuses 10,001 items without listing per-item errors', () => {
    const items = Array.from({ length: 10_001 }, () => validItem());
    const errors = errorsOf(validateSubmission({ items }));
    expect(errors).toEqual([{ field: 'items', message: 'has 10001 items; at most 10000 are accepted in one job' }]);
  });

  it('reports the errors of every bad item with its index, not only the first', () => {
    const items = [validItem(), validItem({ path: '/users/x' }), validItem(), validItem({ body: {} })];
    const errors = errorsOf(validateSubmission({ items }));
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'items[1].path'],
      [3, 'items[3].body.target'],
    ]);
  });

  it('lists at most 100 errors and ends with an entry counting the rest', () => {
    const items = Array.from({ length: 150 }, () => validItem({ path: '/users/x' }));
    const errors = errorsOf(validateSubmission({ items }));
    expect(errors).toHaveLength(101);
    expect(errors[99]).toMatchObject({ index: 99, field: 'items[99].path' });
    expect(errors[100]).toEqual({ field: '', message: 'has 50 more errors not listed (only the first 100 are shown)' });
  });

  it('returns nothing of a submission when one item out of many is invalid', () => {
    const items = [...Array.from({ length: 5 }, () => validItem()), validItem({ apiVersion: 'v2.0' })];
    const result = validateSubmission({ items });
    expect(result.ok).toBe(false);
    expect('value' in result).toBe(false);
  });

  it('returns frozen values so that later stages cannot change what was validated', () => {
    const result = validateSubmission({ items: [validItem()] });
    if (!result.ok) throw new Error('expected success');
    const item = result.value.items[0];
    expect(Object.isFrozen(result.value)).toBe(true);
    expect(Object.isFrozen(result.value.items)).toBe(true);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item?.body)).toBe(true);
    expect(Object.isFrozen(item?.body.target)).toBe(true);
    expect(Object.isFrozen(item?.params)).toBe(true);
  });
});

describe('repeated targets', () => {
  it('refuses two items that change the same assignment, naming both', () => {
    const item = {
      path: '/deviceManagement/deviceCompliancePolicies/p1/assignments/a1',
      body: { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
    };
    const other = { ...item, path: '/v1.0/deviceManagement/deviceCompliancePolicies/P1/assignments/A1'.replace('P1', 'p1').replace('A1', 'a1') };
    const result = validateSubmission({ items: [item, { ...item, path: item.path.replace('a1', 'a2') }, other] });
    expect(result).toEqual({
      ok: false,
      errors: [{ index: 2, field: 'items[2].path', message: 'changes the same assignment as item 0; a job may change each assignment once' }],
    });
  });
});
