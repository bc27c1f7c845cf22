import { describe, expect, it } from 'vitest';
import { abandonReconciliation } from '../../../src/reconcile/abandon-reconciliation.js';
import { MemoryReconciliationStore } from '../../../src/memory/memory-reconciliation-store.js';
import { newReconciliationId } from '../../../src/model/reconciliation-id.js';
import type { Reconciliation } from '../../../src/model/reconciliation-model.js';

const clock = () => new Date('2026-11-22T02:10:00Z');

function run(status: Reconciliation['status']): Reconciliation {
  return {
    reconciliationId: newReconciliationId(new Date('2026-11-22T02:00:00Z')),
    status,
    dryRun: false,
    trigger: 'timer',
    requestedAt: '2026-11-22T02:00:00.000Z',
    startedAt: '2026-11-22T02:00:01.000Z',
    completedAt: undefined,
    documents: [],
    counts: undefined,
    jobId: undefined,
    errors: [],
    failure: undefined,
  };
}

describe('abandonReconciliation', () => {
  it('records a run whose message was poisoned as failed, saying why', async () => {
    const runs = new MemoryReconciliationStore();
    const stuck = run('running');
    await runs.create(stuck);
    const ended = await abandonReconciliation({ runs, clock }, stuck.reconciliationId, 'boom');
    expect(ended).toMatchObject({ status: 'failed', completedAt: '2026-11-22T02:10:00.000Z', failure: expect.stringContaining('boom') });
  });

  it('leaves a run that finished meanwhile as it was', async () => {
    const runs = new MemoryReconciliationStore();
    const done = run('succeeded');
    await runs.create(done);
    expect(await abandonReconciliation({ runs, clock }, done.reconciliationId, 'late poison')).toMatchObject({ status: 'succeeded', failure: undefined });
  });
});
