import { describe, expect, it } from 'vitest';
import { cancelJob } from '../../../src/jobs/cancel-job.js';
import { continueIntake, INTAKE_LEAD_MS } from '../../../src/jobs/continue-intake.js';
import { jobView } from '../../../src/jobs/job-views.js';
import { INLINE_INTAKE_ITEMS } from '../../../src/jobs/record-job.js';
import { submitJob } from '../../../src/jobs/submit-job.js';
import type { Job } from '../../../src/model/job-model.js';
import { drainIntake, intakeDeps } from '../../helpers/intake-deps.js';
import { submission } from '../../helpers/sample-items.js';

async function submitLarge(d: ReturnType<typeof intakeDeps>, count: number, extra: Record<string, unknown> = {}, key?: string): Promise<Job> {
  const outcome = await submitJob(d, submission(count, extra), key ? { idempotencyKey: key } : {});
  if (outcome.kind !== 'accepted') throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.job;
}

async function allItems(d: ReturnType<typeof intakeDeps>, jobId: string) {
  return (await d.store.listItems(jobId, { limit: 100_000 })).values;
}

describe('the intake of a large job', () => {
  it('publishes the job with exact counts before writing any item, and queues its first step', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 2500);
    const seen = await d.store.getJob(job.jobId);
    expect(seen?.counts).toEqual({ total: 2500, queued: 2500, retrying: 0, succeeded: 0, failed: 0, canceled: 0 });
    expect(seen?.status).toBe('queued');
    expect(jobView(seen!).intake).toEqual({ status: 'inProgress', recorded: 0, dispatched: 0 });
    expect(await allItems(d, job.jobId)).toHaveLength(0);
    expect(d.queue.sent).toHaveLength(0);
    expect(d.intakeQueue.sent.map((s) => s.message)).toEqual([{ v: 1, jobId: job.jobId, token: seen?.intake?.token }]);
  });

  it('writes every item and sends one message per item carrying its token, then says it is complete', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 2500);
    const steps = await drainIntake(d);
    expect(steps.at(-1)).toBe('completed');
    const items = await allItems(d, job.jobId);
    expect(items.map((i) => i.index)).toEqual(Array.from({ length: 2500 }, (_, n) => n));
    const sent = d.queue.take();
    expect(sent.map((s) => s.message.index).sort((a, b) => a - b)).toEqual(items.map((i) => i.index));
    const tokens = new Map(items.map((i) => [i.index, i.token]));
    expect(sent.every((s) => s.message.token === tokens.get(s.message.index))).toBe(true);
    const done = await d.store.getJob(job.jobId);
    expect(done).toMatchObject({ intakeComplete: true, counts: { total: 2500, queued: 2500 } });
    expect(jobView(done!).intake).toEqual({ status: 'complete', recorded: 2500, dispatched: 2500 });
    expect(d.staging.countPages(job.jobId)).toBe(0);
  });

  it('gives bulk messages turns one budget interval apart, across steps, in index order', async () => {
    const d = intakeDeps();
    await submitLarge(d, 2500);
    await drainIntake(d);
    const sent = d.queue.take();
    const turns = sent.map((s) => s.message.notBefore!);
    expect(turns.slice(1).every((t, n) => t - turns[n]! === 100)).toBe(true);
    expect(sent.map((s) => s.message.index)).toEqual(Array.from({ length: 2500 }, (_, n) => n));
  });

  it('books the next page of turns only when the turns already booked come within the lead', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 2500);
    const start = d.clock().getTime();
    await continueIntake(d, d.intakeQueue.sent.shift()!.message);
    // A thousand turns at ten a second reach 100 s ahead: the next step writes items but sends nothing.
    expect(d.queue.take()).toHaveLength(1000);
    await continueIntake(d, d.intakeQueue.sent.shift()!.message);
    expect(d.queue.sent).toHaveLength(0);
    expect((await d.store.getJob(job.jobId))?.intake).toMatchObject({ recorded: 2000, enqueued: 1000 });
    // Writing items does not wait; only the next messages do.
    expect(d.intakeQueue.sent.map((s) => s.delayMs)).toEqual([0]);
    await continueIntake(d, d.intakeQueue.sent.shift()!.message);
    expect(d.queue.sent).toHaveLength(0);
    expect(d.intakeQueue.sent.map((s) => s.delayMs)).toEqual([100_000 - INTAKE_LEAD_MS]);
    d.clock.advance(100_000 - INTAKE_LEAD_MS);
    await continueIntake(d, d.intakeQueue.sent.shift()!.message);
    expect(d.queue.take().map((s) => s.message.notBefore! - start)).toEqual(Array.from({ length: 1000 }, (_, n) => 100_000 + n * 100));
  });

  it('makes no second message when a step is delivered twice', async () => {
    const d = intakeDeps();
    await submitLarge(d, 1500);
    const first = d.intakeQueue.sent[0]!.message;
    expect((await continueIntake(d, first)).kind).toBe('continued');
    expect(await continueIntake(d, first)).toEqual({ kind: 'stale' });
    await drainIntake(d);
    const indexes = d.queue.take().map((s) => s.message.index);
    expect(indexes).toHaveLength(1500);
    expect(new Set(indexes).size).toBe(1500);
  });

  it('does a step again from its own message when it died before recording itself', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 1500);
    const first = d.intakeQueue.take()[0]!.message;
    d.queue.failSends = true;
    await expect(continueIntake(d, first)).rejects.toThrow('queue unavailable');
    d.queue.failSends = false;
    expect(d.intakeQueue.sent).toHaveLength(0);
    expect((await continueIntake(d, first)).kind).toBe('continued');
    await drainIntake(d);
    const items = await allItems(d, job.jobId);
    const tokens = new Map(items.map((i) => [i.index, i.token]));
    const sent = d.queue.take();
    expect(new Set(sent.map((s) => s.message.index)).size).toBe(1500);
    expect(sent.every((s) => s.message.token === tokens.get(s.message.index))).toBe(true);
    expect((await d.store.getJob(job.jobId))?.intakeComplete).toBe(true);
  });

  it('records a step before it sends the next one, so the next finds itself current however soon it arrives', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 2500);
    const current: boolean[] = [];
    const send = d.intakeQueue.send.bind(d.intakeQueue);
    d.intakeQueue.send = async (message, delayMs) => {
      current.push((await d.store.getJob(job.jobId))?.intake?.token === message.token);
      return send(message, delayMs);
    };
    await drainIntake(d);
    expect(current.length).toBeGreaterThan(2);
    expect(current.every(Boolean)).toBe(true);
  });

  it('cancels the items it writes after a cancel, so the job ends canceled with exact counts', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 2500);
    await continueIntake(d, d.intakeQueue.sent.shift()!.message);
    const canceled = await cancelJob(d, job.jobId, null);
    expect(canceled).toMatchObject({ kind: 'canceled', canceledItems: 1000 });
    const before = d.queue.take().length;
    await drainIntake(d);
    expect(before).toBe(1000);
    expect(d.queue.sent).toHaveLength(0);
    const done = await d.store.getJob(job.jobId);
    expect(done).toMatchObject({ status: 'canceled', intakeComplete: true, counts: { total: 2500, canceled: 2500, queued: 0 } });
    expect(done?.completedAt).toBeDefined();
  });

  it('answers a retried submission with the same key with the job, and queues its current step again', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, 1500, {}, 'big-1');
    const token = d.intakeQueue.take()[0]!.message.token;
    const again = await submitJob(d, submission(1500), { idempotencyKey: 'big-1' });
    expect(again).toMatchObject({ kind: 'accepted', job: { jobId: job.jobId, intakeComplete: false } });
    expect(d.intakeQueue.sent.map((s) => s.message.token)).toEqual([token]);
    await drainIntake(d);
    expect(d.queue.take()).toHaveLength(1500);
  });

  it('writes and queues a small job within the request', async () => {
    const d = intakeDeps();
    const job = await submitLarge(d, INLINE_INTAKE_ITEMS);
    expect(job.intakeComplete).toBe(true);
    expect(d.intakeQueue.sent).toHaveLength(0);
    expect(d.queue.take()).toHaveLength(INLINE_INTAKE_ITEMS);
  });

  it('keeps the items of one policy written with one /assign in one message, wherever they sit in the job', async () => {
    const d = intakeDeps();
    const policy = '/deviceManagement/deviceCompliancePolicies/p-shared';
    const add = (groupId: string) => ({ action: 'add', policy, target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId } });
    const items = [add('g-first'), ...submission(1500).items, add('g-last')];
    const outcome = await submitJob(d, { priority: 'bulk', items });
    if (outcome.kind !== 'accepted') throw new Error(`refused: ${JSON.stringify(outcome)}`);
    await drainIntake(d);
    const sent = d.queue.take().map((s) => s.message);
    expect(sent).toHaveLength(1501);
    const set = sent.find((m) => 'kind' in m && m.kind === 'set');
    expect(set).toMatchObject({ indexes: [0, 1501] });
    const [first, last] = [await d.store.getItem(outcome.job.jobId, 0), await d.store.getItem(outcome.job.jobId, 1501)];
    expect(first?.token).toBe(last?.token);
    expect(set?.token).toBe(first?.token);
  });
});
