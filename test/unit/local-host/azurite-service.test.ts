import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { removeSmallBatchesInPlace, SMALL_BATCH } = require('../../../tools/local-host/azurite-service.cjs') as {
  removeSmallBatchesInPlace(prototype: object): void;
  SMALL_BATCH: number;
};

interface Doc {
  id: string;
  queue: string;
  due: number;
}

type Collection = {
  insert(docs: Doc[]): void;
  find(query?: object): Doc[];
  findAndRemove(query: object): void;
  remove(docs: Doc | Doc[]): void;
  count(): number;
};

// The LokiJS that Azurite loads, mended as the service runner mends it.
const Loki = createRequire(require.resolve('azurite/package.json'))('lokijs') as {
  new (name: string): { addCollection(name: string, options: object): Collection };
  Collection: { prototype: object };
};

beforeAll(() => removeSmallBatchesInPlace(Loki.Collection.prototype));

/** 200 documents indexed as Azurite indexes its messages and extents. */
function messages(): { coll: Collection; docs: Doc[] } {
  const coll = new Loki('test.db').addCollection('messages', { indices: ['id', 'queue', 'due'] });
  const docs = Array.from({ length: 200 }, (_, n) => ({ id: `m${(n * 7919) % 200}`, queue: n % 3 ? 'a' : 'b', due: (n * 37) % 101 }));
  coll.insert(docs.map((d) => ({ ...d })));
  return { coll, docs };
}

/** What the indexed queries answer, against what a plain filter of the remaining documents says. */
function expectIndexesAgree(coll: Collection, remaining: readonly Doc[]): void {
  const ids = (list: readonly Doc[]) => list.map((d) => d.id).sort();
  expect(coll.count()).toBe(remaining.length);
  for (const due of [0, 10, 50, 100]) {
    expect(ids(coll.find({ due: { $lte: due } }))).toEqual(ids(remaining.filter((d) => d.due <= due)));
    expect(ids(coll.find({ due: { $gt: due } }))).toEqual(ids(remaining.filter((d) => d.due > due)));
  }
  expect(ids(coll.find({ queue: 'b' }))).toEqual(ids(remaining.filter((d) => d.queue === 'b')));
  for (const d of remaining.slice(0, 20)) expect(coll.find({ id: d.id }).map((f) => f.due)).toEqual([d.due]);
}

describe('the Azurite service runner', () => {
  it('replaces the batch removal of the LokiJS that Azurite loads', () => {
    expect((Loki.Collection.prototype as { removeBatchByPositions: { name: string } }).removeBatchByPositions.name).toBe('removeSmallBatchInPlace');
  });

  it('removes nothing when asked to remove an empty batch, as a sweep of expired messages that finds none does', () => {
    const { coll, docs } = messages();
    coll.remove([]);
    coll.findAndRemove({ due: { $gt: 1000 } });
    expectIndexesAgree(coll, docs);
  });

  it('removes one document found by its id and keeps every index right, as the extent sweep does', () => {
    const { coll, docs } = messages();
    for (const gone of ['m13', 'm0', 'm199']) coll.findAndRemove({ id: gone });
    expectIndexesAgree(coll, docs.filter((d) => !['m13', 'm0', 'm199'].includes(d.id)));
  });

  it('removes a small batch in place and a large one as LokiJS does, with the same result', () => {
    const { coll, docs } = messages();
    const small = coll.find({ due: { $lt: 5 } });
    expect(small.length).toBeGreaterThan(1);
    expect(small.length).toBeLessThanOrEqual(SMALL_BATCH);
    coll.remove(small);
    let remaining = docs.filter((d) => d.due >= 5);
    expectIndexesAgree(coll, remaining);
    const large = coll.find({ queue: 'a' });
    expect(large.length).toBeGreaterThan(SMALL_BATCH);
    coll.findAndRemove({ queue: 'a' });
    remaining = remaining.filter((d) => d.queue !== 'a');
    expectIndexesAgree(coll, remaining);
  });
});
