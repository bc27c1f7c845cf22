import { describe, expect, it } from 'vitest';
import { cancelJob } from '../../../src/jobs/cancel-job.js';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { sweepStalledItems } from '../../../src/jobs/sweep-stalled-items.js';
import type { Job } from '../../../src/model/job-model.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { applyItem } from '../../../src/worker/apply-item.js';
import { MemoryPolicyLeases } from '../../../src/memory/memory-policy-leases.js';
import { ScriptedGraph } from '../../helpers/fakes.js';
import { drainIntake, intakeDeps } from '../../helpers/intake-deps.js';
import { submission } from '../../helpers/sample-items.js';

const STALE_AFTER_MS = 130_000;

function setup() {
  const d = intakeDeps();
  const graph = new ScriptedGraph();
  const sweep = () => sweepStalledItems({ ...d, log: silentLogger, settings: { staleAfterMs: STALE_AFTER_MS, maxAttempts: 6 } });
  const worker = { ...d, graph, leases: new MemoryPolicyLeases(() => d.clock().getTime()), sleep: async (ms: number) => (d.clock.advance(ms), ms), log: silentLogger, settings: { maxAttempts: 6, leaseMs: 35_000, policyLeaseMs: 65_000, writeTimeoutMs: 30_000 } };
  /**
   * Delivers work messages the way the lanes would, each once its delay has passed, until none
   * is left; returns what each delivery ended in, leaving out returns to the waiting room.
   */
  const deliverAll = async () => {
    const results: string[] = [];
    for (let n = 0; n < 10_000; n++) {
      const next = d.queue.sent.shift();
      if (!next) return results;
      const due = Math.max(next.delayMs ?? 0, (next.message.notBefore ?? 0) - d.clock().getTime() - 1000);
      if (due > 0) d.clock.advance(due);
      const result = await applyItem(worker, next.lane, next.message);
      if (result !== 'waiting') results.push(result);
    }
    throw new Error('messages still coming after 10,000 deliveries');
  };
  return { d, graph, sweep, deliverAll, worker };
}

async function submit(d: ReturnType<typeof intakeDeps>, count: number, extra: Record<string, unknown> = {}): Promise<Job> {
  const outcome = await submitJob(d, submission(count, extra));
  if (outcome.kind !== 'accepted') throw new Error('refused');
  return outcome.job;
}

describe('the stalled-item sweeper', () => {
  it('sends an item whose message was lost again, with a new token, and the item then succeeds', async () => {
    const { d, graph, sweep, deliverAll, worker } = setup();
    const job = await submit(d, 2);
    const [lost] = d.queue.take();
    expect(await deliverAll()).toEqual([]);
    d.clock.advance(STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ redriven: 2, jobs: 1 });
    const resent = d.queue.sent.map((s) => s.message);
    const stored = await d.store.getItem(job.jobId, lost!.message.index);
    expect(resent.find((m) => m.index === lost!.message.index)?.token).toBe(stored?.token);
    expect(stored?.token).not.toBe(lost!.message.token);
    expect(await deliverAll()).toEqual(['succeeded', 'succeeded']);
    // The lost message turning up after all changes nothing: its token is no longer the item's.
    expect(await applyItem(worker, 'interactive', lost!.message)).toBe('duplicate');
    expect(graph.requests).toHaveLength(2);
    expect(await d.store.getJob(job.jobId)).toMatchObject({ status: 'succeeded' });
  });

  it('leaves an item alone until it has been untouched for the whole bound', async () => {
    const { d, sweep } = setup();
    await submit(d, 1);
    d.queue.take();
    d.clock.advance(STALE_AFTER_MS - 1);
    expect(await sweep()).toMatchObject({ redriven: 0 });
    expect(d.queue.sent).toHaveLength(0);
  });

  it('leaves an item whose retry is due later alone until past that time', async () => {
    const { d, graph, sweep, deliverAll, worker } = setup();
    const job = await submit(d, 1);
    graph.answer(() => ({ status: 502 }));
    const [first] = d.queue.take();
    expect(await applyItem(worker, first!.lane, first!.message)).toBe('retryScheduled');
    d.queue.take();
    // As if the back-off had been long: the retry is due in ten minutes, and its message is lost.
    const dueAt = new Date(d.clock().getTime() + 600_000).toISOString();
    await d.store.updateItems(job.jobId, [0], () => ({ nextAttemptAt: dueAt }));
    d.clock.advance(STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ redriven: 0 });
    d.clock.advance(600_000);
    expect(await sweep()).toMatchObject({ redriven: 1 });
    expect(await deliverAll()).toEqual(['succeeded']);
    expect((await d.store.getItem(job.jobId, 0))?.attempts).toBe(2);
  });

  it('waits for a bulk job\'s turns before counting its untouched items stalled', async () => {
    const { d, sweep } = setup();
    const job = await submit(d, 1500, { priority: 'bulk' });
    await drainIntake(d);
    d.queue.take();
    // 1,500 turns at ten a second: the last is 150 s after the submission.
    const turnsEndAt = Date.parse((await d.store.getJob(job.jobId))!.turnsEndAt!.deviceConfiguration!);
    expect(turnsEndAt - Date.parse(job.createdAt)).toBe(150_000);
    d.clock.advance(STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ redriven: 0 });
    d.clock.advance(turnsEndAt + STALE_AFTER_MS + 1 - d.clock().getTime());
    expect(await sweep()).toMatchObject({ redriven: 1500 });
    // Sent back through the waiting room at the budget's pace, each item told when.
    const sent = d.queue.take();
    expect(sent.every((s) => s.message.notBefore !== undefined)).toBe(true);
    const item = await d.store.getItem(job.jobId, 7);
    expect(item?.nextAttemptAt).toBe(new Date(sent.find((s) => s.message.index === 7)!.message.notBefore!).toISOString());
  });

  it('does not drive an item again while a worker holds it', async () => {
    const { d, sweep } = setup();
    const job = await submit(d, 1);
    d.queue.take();
    await d.store.updateItems(job.jobId, [0], () => ({ leaseUntil: new Date(d.clock().getTime() + 10 * STALE_AFTER_MS).toISOString() }));
    d.clock.advance(2 * STALE_AFTER_MS);
    expect(await sweep()).toMatchObject({ redriven: 0 });
  });

  it('drives again an item whose worker claimed it and died before recording what Graph answered', async () => {
    const { d, graph, sweep, deliverAll } = setup();
    const job = await submit(d, 1);
    d.queue.take();
    await d.store.updateItems(job.jobId, [0], (item) => ({ attempts: item.attempts + 1, leaseUntil: new Date(d.clock().getTime() + 35_000).toISOString() }));
    d.clock.advance(35_000 + STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ redriven: 1 });
    expect(d.queue.sent[0]?.message.attempt).toBe(2);
    expect(await deliverAll()).toEqual(['succeeded']);
    expect(graph.requests).toHaveLength(1);
  });

  it('ends canceled the items of a canceled job that its dead worker left behind', async () => {
    const { d, sweep } = setup();
    const job = await submit(d, 2);
    d.queue.take();
    await d.store.updateItems(job.jobId, [1], () => ({ leaseUntil: new Date(d.clock().getTime() + 35_000).toISOString() }));
    await cancelJob(d, job.jobId, null);
    expect(await d.store.getJob(job.jobId)).toMatchObject({ counts: { canceled: 1, queued: 1 } });
    d.clock.advance(35_000 + STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ canceled: 1, redriven: 0 });
    expect(d.queue.sent).toHaveLength(0);
    expect(await d.store.getJob(job.jobId)).toMatchObject({ status: 'canceled', counts: { canceled: 2, queued: 0 } });
  });

  it('resumes an intake whose next step was lost, and the job then completes', async () => {
    const { d, sweep, deliverAll } = setup();
    const job = await submit(d, 1500);
    d.intakeQueue.take();
    d.clock.advance(STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ intakesResumed: 1, redriven: 0 });
    expect(await sweep()).toMatchObject({ intakesResumed: 0 });
    await drainIntake(d);
    d.clock.advance(1500 * 100);
    await deliverAll();
    expect(await d.store.getJob(job.jobId)).toMatchObject({ status: 'succeeded', intakeComplete: true });
  });

  it('takes finished jobs off its list, and a retried job back on', async () => {
    const { d, graph, sweep, deliverAll } = setup();
    const job = await submit(d, 1);
    graph.answer(() => ({ status: 400, errorCode: 'BadRequest' }));
    await deliverAll();
    expect(await sweep()).toMatchObject({ retired: 1, jobs: 0 });
    expect(await sweep()).toMatchObject({ retired: 0, jobs: 0 });
    const { retryFailedItems } = await import('../../../src/jobs/retry-failed-items.js');
    await retryFailedItems(d, job.jobId, null);
    d.queue.take();
    d.clock.advance(STALE_AFTER_MS + 1);
    expect(await sweep()).toMatchObject({ jobs: 1, redriven: 1 });
  });

  it('leaves the items of a paused family alone, whose messages are all waiting for the pause', async () => {
    const { d, sweep } = setup();
    await submit(d, 1);
    d.queue.take();
    d.clock.advance(STALE_AFTER_MS + 1);
    // Compliance policies are metered by the device configuration service.
    await d.budgets.of('deviceConfiguration').pause(d.clock().getTime() + 60_000);
    expect(await sweep()).toMatchObject({ redriven: 0, pausedBudgets: ['deviceConfiguration'] });
    d.clock.advance(60_000);
    expect(await sweep()).toMatchObject({ redriven: 1 });
  });

  it('records one new token when two sweepers find the same item at once', async () => {
    const { d, sweep, deliverAll } = setup();
    const job = await submit(d, 1);
    d.queue.take();
    d.clock.advance(STALE_AFTER_MS + 1);
    const reports = await Promise.all([sweep(), sweep()]);
    expect(reports.map((r) => r.redriven).sort()).toEqual([0, 1]);
    expect(d.queue.sent).toHaveLength(1);
    expect(await deliverAll()).toEqual(['succeeded']);
    expect(await d.store.getJob(job.jobId)).toMatchObject({ status: 'succeeded' });
  });

  it('records the new token before it sends the message, so a worker that takes the message at once finds it current', async () => {
    const { d, sweep } = setup();
    const job = await submit(d, 3);
    d.queue.take();
    d.clock.advance(STALE_AFTER_MS + 1);
    const tokensAtSend: boolean[] = [];
    const send = d.queue.sendMany.bind(d.queue);
    d.queue.sendMany = async (lane, messages) => {
      for (const m of messages) tokensAtSend.push((await d.store.getItem(job.jobId, m.index))?.token === m.token);
      return send(lane, messages);
    };
    expect(await sweep()).toMatchObject({ redriven: 3 });
    expect(tokensAtSend).toEqual([true, true, true]);
  });
});
