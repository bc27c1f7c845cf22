import { describe, expect, inject, it } from 'vitest';
import { MemoryReconciliationStore } from '../../src/memory/memory-reconciliation-store.js';
import { newReconciliationId } from '../../src/model/reconciliation-id.js';
import type { Reconciliation } from '../../src/model/reconciliation-model.js';
import type { ReconciliationStore } from '../../src/ports/reconciliation-ports.js';
import { TableReconciliationStore } from '../../src/storage/table-reconciliation-store.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

const implementations: Array<[string, () => ReconciliationStore]> = [
  ['in memory', () => new MemoryReconciliationStore()],
  ['on Table storage (Azurite)', () => new TableReconciliationStore(inject('storageConnection'), `${uniquePrefix('recs')}reconciliations`)],
];

const HOUR = 60 * 60 * 1000;

function run(at: Date, status: Reconciliation['status'] = 'queued'): Reconciliation {
  return {
    reconciliationId: newReconciliationId(at),
    status,
    dryRun: false,
    trigger: 'api',
    requestedAt: at.toISOString(),
    startedAt: undefined,
    completedAt: undefined,
    documents: ['a.json'],
    counts: undefined,
    jobId: undefined,
    errors: [],
    failure: undefined,
  };
}

describe.each(implementations)('ReconciliationStore %s', (_name, make) => {
  it('starts one run of several requested at once, and names it to the others', async () => {
    const store = make();
    const now = new Date();
    const runs = Array.from({ length: 4 }, (_, i) => run(new Date(now.getTime() + i)));
    const outcomes = await Promise.all(runs.map((r) => store.createExclusive(r, HOUR, now)));
    const started = runs.filter((_, i) => outcomes[i] === undefined);
    expect(started).toHaveLength(1);
    for (const o of outcomes) if (o) expect(o.active.reconciliationId).toBe(started[0]?.reconciliationId);
    expect((await store.list({ limit: 10 })).values.map((r) => r.reconciliationId)).toEqual([started[0]?.reconciliationId]);
  });

  it('lets a new run start once the one under way has finished', async () => {
    const store = make();
    const now = new Date();
    const first = run(now);
    expect(await store.createExclusive(first, HOUR, now)).toBeUndefined();
    await store.update(first.reconciliationId, () => ({ status: 'succeeded' }));
    const later = new Date(now.getTime() + 1000);
    expect(await store.createExclusive(run(later), HOUR, later)).toBeUndefined();
  });

  it('does not let a run stuck for longer than the stale time block the next', async () => {
    const store = make();
    const then = new Date(Date.now() - 2 * HOUR);
    expect(await store.createExclusive(run(then, 'running'), HOUR, then)).toBeUndefined();
    const now = new Date();
    expect(await store.createExclusive(run(now), HOUR, now)).toBeUndefined();
  });

  it('keeps a run as updated, and lists runs newest first', async () => {
    const store = make();
    const older = run(new Date(Date.now() - 5000));
    const newer = run(new Date());
    await store.create(older);
    await store.create(newer);
    await store.update(older.reconciliationId, () => ({ status: 'failed', errors: [{ file: 'a.json', field: 'x', message: 'bad' }] }));
    expect(await store.get(older.reconciliationId)).toMatchObject({ status: 'failed', errors: [{ file: 'a.json' }] });
    expect((await store.list({ limit: 10 })).values.map((r) => r.reconciliationId)).toEqual([newer.reconciliationId, older.reconciliationId]);
    expect(await store.get('20261122T000000000Z-00000000')).toBeUndefined();
  });
});
