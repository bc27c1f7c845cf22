import { describe, expect, it } from 'vitest';
import { GROUP_REPLACED_EVENT_TYPE, parseGroupReplacedData } from '../../../src/events/group-replacement.js';
import { deliveryErrors, expectFieldError } from './event-fixtures.js';

const OLD = 'b1a2c3d4-e5f6-4789-a012-3456789abcde';
const NEW = '0f1e2d3c-4b5a-4697-8877-665544332211';

describe('BulkAssign.GroupReplaced', () => {
  it('has the documented event type', () => {
    expect(GROUP_REPLACED_EVENT_TYPE).toBe('BulkAssign.GroupReplaced');
  });

  it('reads the old and the new group id', () => {
    expect(parseGroupReplacedData({ oldGroupId: OLD, newGroupId: NEW })).toEqual({ ok: true, value: { oldGroupId: OLD, newGroupId: NEW } });
  });

  it('returns the ids in lower case, as Graph writes them', () => {
    const result = parseGroupReplacedData({ oldGroupId: OLD.toUpperCase(), newGroupId: NEW.toUpperCase() });
    expect(result).toEqual({ ok: true, value: { oldGroupId: OLD, newGroupId: NEW } });
  });

  it('refuses a group replaced by itself, even in another case', () => {
    expectFieldError(parseGroupReplacedData({ oldGroupId: OLD, newGroupId: OLD.toUpperCase() }), 'data.newGroupId', 'must differ from oldGroupId');
  });

  it.each([
    ['missing', undefined, 'is required'],
    ['null', null, 'must not be null'],
    ['a number', 42, 'must be a string, got 42'],
    ['not a GUID', 'finance-team', 'must be a group object id'],
    ['a GUID in braces', `{${OLD}}`, 'must be a group object id'],
    ['a GUID with a path after it', `${OLD}/../x`, 'must be a group object id'],
  ])('refuses an oldGroupId that is %s', (_, oldGroupId, text) => {
    expectFieldError(parseGroupReplacedData({ oldGroupId, newGroupId: NEW }), 'data.oldGroupId', text);
  });

  it('reports both ids when both are wrong', () => {
    const errors = deliveryErrors(parseGroupReplacedData({ oldGroupId: 'x', newGroupId: 'y' }));
    expect(errors.map((e) => e.field)).toEqual(['data.oldGroupId', 'data.newGroupId']);
  });

  it.each([
    ['missing', undefined],
    ['an array', [OLD, NEW]],
    ['a string', OLD],
  ])('refuses data that is %s', (_, data) => {
    expectFieldError(parseGroupReplacedData(data), 'data', 'must be an object with oldGroupId and newGroupId');
  });

  it('refuses unknown members, so that a misspelt id is not read as missing', () => {
    const result = parseGroupReplacedData({ oldGroupID: OLD, newGroupId: NEW });
    expectFieldError(result, 'data.oldGroupID', 'unknown property');
    expectFieldError(result, 'data.oldGroupId', 'is required');
  });

  it('refuses __proto__ in the data', () => {
    const data = JSON.parse(`{"oldGroupId":"${OLD}","newGroupId":"${NEW}","__proto__":{"x":1}}`);
    expectFieldError(parseGroupReplacedData(data), 'data.__proto__', 'forbidden key');
  });
});
