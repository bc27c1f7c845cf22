import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { describe, expect, it } from 'vitest';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { cancelJob } from '../../../src/jobs/cancel-job.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue } from '../../helpers/fakes.js';
import { complianceItem, enrollmentItem, settingsCatalogItem, submission } from '../../helpers/sample-items.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';

function deps() {
  const store = new MemoryJobStore();
  const queue = new RecordingQueue();
  const clock = manualClock();
  const budgets = memoryBudgets({ rate: { count: 10, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() });
  const reader = new FakeGraphReader();
  return { store, queue, clock, budgets, reader, audit: new MemoryAuditLog(), staging: new MemoryIntakeStaging(), intakeQueue: new RecordingIntakeQueue(), limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 } };
}

describe('submitJob', () => {
  it('records the job and enqueues one message per item', async () => {
    const d = deps();
    const outcome = await submitJob(d, submission(3));
    const { job } = as(outcome, 'accepted');
    expect(job.counts).toEqual({ total: 3, queued: 3, retrying: 0, succeeded: 0, failed: 0, canceled: 0 });
    expect(job.intakeComplete).toBe(true);
    const sent = d.queue.take();
    expect(sent.map((s) => s.message.index)).toEqual([0, 1, 2]);
    const item = await d.store.getItem(job.jobId, 1);
    expect(sent[1]?.message.token).toBe(item?.token);
  });

  it('routes small jobs to the interactive lane and large ones to bulk unless told', async () => {
    const d = deps();
    const small = await submitJob(d, submission(20));
    const large = await submitJob(d, submission(21));
    const forced = await submitJob(d, submission(1, { priority: 'bulk' }));
    expect([small, large, forced].map((o) => (o.kind === 'accepted' ? o.job.priority : o.kind))).toEqual([
      'interactive',
      'bulk',
      'bulk',
    ]);
  });

  it('refuses the whole batch when one item is invalid and queues nothing', async () => {
    const d = deps();
    const bad = submission(3);
    (bad.items[1] as { body: Record<string, unknown> }).body.colour = 'blue';
    const outcome = await submitJob(d, bad);
    expect(as(outcome, 'invalid').errors[0]).toMatchObject({ index: 1 });
    expect(d.queue.sent).toHaveLength(0);
    expect((await d.store.listJobs({ limit: 10 })).values).toHaveLength(0);
  });

  it('returns the same job for a repeated Idempotency-Key without enqueueing again', async () => {
    const d = deps();
    const first = await submitJob(d, submission(2), { idempotencyKey: 'abc-1' });
    const sentAfterFirst = d.queue.take().length;
    const second = await submitJob(d, submission(2), { idempotencyKey: 'abc-1' });
    expect(sentAfterFirst).toBe(2);
    expect(d.queue.sent).toHaveLength(0);
    expect(second).toMatchObject({ kind: 'accepted', replayed: true });
    expect(as(second, 'accepted').job.jobId).toBe(as(first, 'accepted').job.jobId);
  });

  it('refuses a reused Idempotency-Key with a different body', async () => {
    const d = deps();
    const first = await submitJob(d, submission(2), { idempotencyKey: 'abc-2' });
    const second = await submitJob(d, submission(3), { idempotencyKey: 'abc-2' });
    expect(as(second, 'keyReused').jobId).toBe(as(first, 'accepted').job.jobId);
  });

  it('finishes an intake that died before enqueueing when the same key is retried', async () => {
    const d = deps();
    d.queue.failSends = true;
    await expect(submitJob(d, submission(3), { idempotencyKey: 'abc-3' })).rejects.toThrow('queue unavailable');
    d.queue.failSends = false;
    const retried = await submitJob(d, submission(3), { idempotencyKey: 'abc-3' });
    expect(retried).toMatchObject({ kind: 'accepted', replayed: false });
    expect(d.queue.take()).toHaveLength(3);
    expect(as(retried, 'accepted').job.intakeComplete).toBe(true);
  });

  it('gives a bulk job\'s messages turns one budget interval apart, and sends interactive ones at once', async () => {
    const d = deps();
    await submitJob(d, submission(3, { priority: 'bulk' }));
    const now = d.clock().getTime();
    expect(d.queue.take().map((s) => s.message.notBefore! - now)).toEqual([0, 100, 200]);
    await submitJob(d, submission(2, { priority: 'bulk' }));
    // The next bulk job queues behind the first one's turns.
    expect(d.queue.take().map((s) => s.message.notBefore! - now)).toEqual([300, 400]);
    await submitJob(d, submission(2));
    expect(d.queue.take().map((s) => s.message.notBefore)).toEqual([undefined, undefined]);
  });

  it('hands a canceled bulk job\'s unused turns back, so the next bulk job starts at once', async () => {
    const d = deps();
    const first = await submitJob(d, submission(50, { priority: 'bulk' }));
    d.queue.take();
    if (first.kind !== 'accepted') throw new Error('refused');
    expect(await cancelJob(d, first.job.jobId, null)).toMatchObject({ kind: 'canceled', canceledItems: 50 });
    await submitJob(d, submission(2, { priority: 'bulk' }));
    expect(d.queue.take().map((s) => s.message.notBefore! - d.clock().getTime())).toEqual([0, 100]);
  });

  it('gives each throttling family\'s items turns in that family\'s own waiting room', async () => {
    const d = deps();
    await submitJob(d, submission(3, { priority: 'bulk' }));
    const items = [complianceItem(10), settingsCatalogItem(11), enrollmentItem(12), settingsCatalogItem(13), complianceItem(14)];
    await submitJob(d, { priority: 'bulk', items });
    const now = d.clock().getTime();
    const turns = d.queue.take().slice(3).map((s) => [s.message.index, s.message.notBefore! - now]);
    // Compliance (deviceConfiguration) queues behind the first job's three turns; the other
    // families start at once. Messages go out earliest turn first.
    expect(turns).toEqual([[1, 0], [2, 0], [3, 100], [0, 300], [4, 400]]);
  });

  it('with GRAPH_BUDGET_SCOPE=shared, every family takes turns in one waiting room', async () => {
    const base = deps();
    const d = { ...base, budgets: memoryBudgets({ rate: { count: 10, windowMs: 1000 }, headroom: 0, clock: () => base.clock().getTime() }, 'shared') };
    await submitJob(d, { priority: 'bulk', items: [complianceItem(1), settingsCatalogItem(2), enrollmentItem(3)] });
    const now = d.clock().getTime();
    expect(d.queue.take().map((s) => s.message.notBefore! - now)).toEqual([0, 100, 200]);
  });

  it('hands a canceled job\'s unused turns back to each family\'s waiting room', async () => {
    const d = deps();
    const items = [...Array.from({ length: 20 }, (_, n) => complianceItem(n)), ...Array.from({ length: 10 }, (_, n) => settingsCatalogItem(20 + n))];
    const first = await submitJob(d, { priority: 'bulk', items });
    d.queue.take();
    if (first.kind !== 'accepted') throw new Error('refused');
    expect(await cancelJob(d, first.job.jobId, null)).toMatchObject({ kind: 'canceled', canceledItems: 30 });
    await submitJob(d, { priority: 'bulk', items: [complianceItem(40), settingsCatalogItem(41)] });
    expect(d.queue.take().map((s) => s.message.notBefore! - d.clock().getTime())).toEqual([0, 0]);
  });
});

/** The outcome, narrowed to `kind`; fails the test when it is another kind. */
function as<O extends { kind: string }, K extends O['kind']>(outcome: O, kind: K): Extract<O, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected a ${kind} outcome, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome as Extract<O, { kind: K }>;
}
