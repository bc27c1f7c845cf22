import { describe, expect, it } from 'vitest';
import { cancelJob } from '../../../src/jobs/cancel-job.js';
import { retryFailedItems } from '../../../src/jobs/retry-failed-items.js';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { MemoryReconciliationStore } from '../../../src/memory/memory-reconciliation-store.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { startReconciliation } from '../../../src/reconcile/start-reconciliation.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue } from '../../helpers/fakes.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';
import { seedExampleItems } from '../../helpers/seed-job.js';

const alice = { id: 'oid-alice', kind: 'user' as const, name: 'Alice' };
const bot = { id: 'client-bot', kind: 'app' as const };

function deps() {
  const clock = manualClock();
  return {
    store: new MemoryJobStore(),
    queue: new RecordingQueue(),
    clock,
    budgets: memoryBudgets({ rate: { count: 10, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() }),
    reader: new FakeGraphReader(),
    audit: new MemoryAuditLog(),
    staging: new MemoryIntakeStaging(),
    intakeQueue: new RecordingIntakeQueue(),
    limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 },
  };
}

describe('the audit trail', () => {
  it('records a submission once, by its caller, even when the same Idempotency-Key submits again', async () => {
    const d = deps();
    const body = { items: seedExampleItems().slice(0, 2) };
    const first = await submitJob(d, body, { idempotencyKey: 'k1', caller: alice });
    const again = await submitJob(d, body, { idempotencyKey: 'k1', caller: alice });
    if (first.kind !== 'accepted' || again.kind !== 'accepted') throw new Error('refused');
    expect(again.job.jobId).toBe(first.job.jobId);
    expect(first.job.submittedBy).toEqual(alice);
    const { values } = await d.audit.list({ kind: 'job', id: first.job.jobId }, { limit: 10 });
    expect(values).toEqual([
      { at: first.job.createdAt, action: 'job.submitted', actor: alice, jobId: first.job.jobId, details: { source: 'api', itemCount: 2, priority: 'interactive' } },
    ]);
  });

  it("keeps each caller's Idempotency-Keys apart", async () => {
    const d = deps();
    const body = { items: seedExampleItems().slice(0, 1) };
    const mine = await submitJob(d, body, { idempotencyKey: 'shared', caller: alice });
    const theirs = await submitJob(d, body, { idempotencyKey: 'shared', caller: bot });
    if (mine.kind !== 'accepted' || theirs.kind !== 'accepted') throw new Error('refused');
    expect(theirs.job.jobId).not.toBe(mine.job.jobId);
    expect(theirs.job.submittedBy).toEqual(bot);
  });

  it('records a cancel with its count and who asked, and a retry only when it requeued something', async () => {
    const d = deps();
    const submitted = await submitJob(d, { priority: 'bulk', items: seedExampleItems().slice(0, 3) }, { caller: alice });
    if (submitted.kind !== 'accepted') throw new Error('refused');
    const jobId = submitted.job.jobId;
    await cancelJob(d, jobId, bot);
    await retryFailedItems(d, jobId, bot);
    const { values } = await d.audit.list({ kind: 'job', id: jobId }, { limit: 10 });
    expect(values.map((e) => [e.action, e.actor?.id, e.details])).toEqual([
      ['job.submitted', 'oid-alice', { source: 'api', itemCount: 3, priority: 'bulk' }],
      ['job.canceled', 'client-bot', { canceledItems: 3 }],
    ]);
  });

  it('records who started a reconciliation, and the run remembers them', async () => {
    const clock = manualClock();
    const audit = new MemoryAuditLog();
    const sent: string[] = [];
    const outcome = await startReconciliation(
      { runs: new MemoryReconciliationStore(), reconcileQueue: { send: async (id: string) => void sent.push(id) }, clock, audit },
      { dryRun: true, trigger: 'api', requestedBy: alice },
    );
    if (outcome.kind !== 'started') throw new Error('busy');
    expect(outcome.run.requestedBy).toEqual(alice);
    const { values } = await audit.list({ kind: 'reconciliation', id: outcome.run.reconciliationId }, { limit: 10 });
    expect(values).toEqual([
      { at: clock().toISOString(), action: 'reconciliation.started', actor: alice, reconciliationId: outcome.run.reconciliationId, details: { dryRun: true, trigger: 'api' } },
    ]);
  });
});
