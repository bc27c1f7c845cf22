import { describe, expect, it } from 'vitest';
import { groupWork } from '../../../src/model/group-work.js';

describe('groupWork', () => {
  it('puts the set items of one policy in one unit and every PATCH item in its own', () => {
    const units = groupWork([
      { index: 0, setKey: 'p1' },
      { index: 1, setKey: undefined },
      { index: 2, setKey: 'p2' },
      { index: 3, setKey: 'p1' },
      { index: 4, setKey: 'p1' },
    ]);
    expect(units).toEqual([[0, 3, 4], [1], [2]]);
  });

  it('splits a policy with more changes than one write carries into units in index order', () => {
    const items = Array.from({ length: 5 }, (_, index) => ({ index, setKey: 'p' }));
    expect(groupWork(items, 2)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('orders units by their lead whatever order the items come in', () => {
    expect(groupWork([{ index: 3, setKey: 'p' }, { index: 1, setKey: undefined }, { index: 0, setKey: 'p' }])).toEqual([[0, 3], [1]]);
  });
});
