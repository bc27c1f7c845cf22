import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { describe, expect, it } from 'vitest';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { cancelJob } from '../../../src/jobs/cancel-job.js';
import { retryFailedItems } from '../../../src/jobs/retry-failed-items.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { MemoryPolicyLeases } from '../../../src/memory/memory-policy-leases.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { applyItem } from '../../../src/worker/apply-item.js';
import { recordPoisonedMessage } from '../../../src/worker/record-poisoned-message.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue, ScriptedGraph } from '../../helpers/fakes.js';
import { complianceItem, settingsCatalogItem, submission } from '../../helpers/sample-items.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';

async function setup(items = 1, maxAttempts = 3) {
  const store = new MemoryJobStore();
  const queue = new RecordingQueue();
  const graph = new ScriptedGraph();
  const clock = manualClock();
  const budgets = memoryBudgets({ rate: { count: 100, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() });
  const audit = new MemoryAuditLog();
  const outcome = await submitJob(
    { store, queue, clock, budgets, audit, reader: new FakeGraphReader(), staging: new MemoryIntakeStaging(), intakeQueue: new RecordingIntakeQueue(), limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 } },
    submission(items),
  );
  if (outcome.kind !== 'accepted') throw new Error('setup submission refused');
  const sleep = async (ms: number) => (clock.advance(ms), ms);
  const reader = new FakeGraphReader();
  const leases = new MemoryPolicyLeases(() => clock().getTime());
  const settings = { maxAttempts, leaseMs: 45_000, policyLeaseMs: 65_000, writeTimeoutMs: 30_000 };
  const deps = { store, queue, graph, clock, budgets, reader, leases, sleep, log: silentLogger, random: () => 0.5, settings };
  const jobId = outcome.job.jobId;
  return { store, queue, graph, clock, budgets, audit, deps, jobId, messages: queue.take() };
}

describe('applyItem', () => {
  it('records success with Graph request id, client request id and duration', async () => {
    const s = await setup();
    const result = await applyItem(s.deps, 'interactive', s.messages[0]!.message);
    expect(result).toBe('succeeded');
    const item = await s.store.getItem(s.jobId, 0);
    expect(item).toMatchObject({ status: 'succeeded', attempts: 1, httpStatus: 200, graphRequestId: 'req-1', durationMs: 5 });
    expect(item?.clientRequestId).toBe(s.graph.requests[0]?.clientRequestId);
    expect((await s.store.getJob(s.jobId))?.status).toBe('succeeded');
  });

  it('accepts 204 as success', async () => {
    const s = await setup();
    s.graph.answer(() => ({ status: 204 }));
    expect(await applyItem(s.deps, 'interactive', s.messages[0]!.message)).toBe('succeeded');
  });

  it('sends the canonical catalog path, never text from the message', async () => {
    const s = await setup();
    await applyItem(s.deps, 'interactive', s.messages[0]!.message);
    expect(s.graph.requests[0]).toMatchObject({ apiVersion: 'v1.0', path: '/deviceManagement/deviceCompliancePolicies/policy-0/assignments/assignment-0' });
  });

  it.each([400, 401, 403, 404, 409])('fails at once on %i, keeping Graph\'s code and message', async (status) => {
    const s = await setup();
    s.graph.answer(() => ({ status, errorCode: 'SomeCode', errorMessage: 'Graph said no' }));
    expect(await applyItem(s.deps, 'interactive', s.messages[0]!.message)).toBe('failed');
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'failed', httpStatus: status, errorCode: 'SomeCode', errorMessage: 'Graph said no' });
    expect(s.queue.sent).toHaveLength(0);
  });

  it('re-sends the message after Retry-After on 429 instead of sleeping', async () => {
    const s = await setup();
    s.graph.answer(() => ({ status: 429, retryAfterMs: 7000, errorCode: 'TooManyRequests' }));
    expect(await applyItem(s.deps, 'interactive', s.messages[0]!.message)).toBe('retryScheduled');
    const [next] = s.queue.take();
    expect(next).toMatchObject({ lane: 'interactive', delayMs: 7000, message: { attempt: 2 } });
    const item = await s.store.getItem(s.jobId, 0);
    expect(item).toMatchObject({ status: 'retrying', token: next!.message.token, httpStatus: 429 });
    expect((await s.store.getJob(s.jobId))?.counts.retrying).toBe(1);
  });

  it.each([503, 504, 500, 502])('backs off with jitter on %i without Retry-After', async (status) => {
    const s = await setup();
    s.graph.answer(() => ({ status }));
    expect(await applyItem(s.deps, 'interactive', s.messages[0]!.message)).toBe('retryScheduled');
    // random() is 0.5 and the first ceiling is the 2 s base.
    expect(s.queue.take()[0]?.delayMs).toBe(1000);
  });

  it('retries connection failures and timeouts', async () => {
    const s = await setup();
    s.graph.answer(() => ({ kind: 'network' }));
    expect(await applyItem(s.deps, 'interactive', s.messages[0]!.message)).toBe('retryScheduled');
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'retrying', errorCode: 'ConnectionFailed' });
  });

  it('fails the item once the attempts are spent', async () => {
    const s = await setup(1, 2);
    s.graph.answer(() => ({ status: 503 }), () => ({ status: 503 }));
    await applyItem(s.deps, 'bulk', s.messages[0]!.message);
    const [retry] = s.queue.take();
    expect(await applyItem(s.deps, 'bulk', retry!.message)).toBe('failed');
    const item = await s.store.getItem(s.jobId, 0);
    expect(item).toMatchObject({ status: 'failed', attempts: 2, httpStatus: 503 });
    expect(item?.errorMessage).toMatch(/gave up after 2 attempts/);
    expect((await s.store.getJob(s.jobId))?.counts).toMatchObject({ failed: 1, retrying: 0, queued: 0 });
  });

  it('ignores a duplicate delivery of a message whose item already succeeded', async () => {
    const s = await setup();
    const message = s.messages[0]!.message;
    await applyItem(s.deps, 'interactive', message);
    expect(await applyItem(s.deps, 'interactive', message)).toBe('duplicate');
    expect(s.graph.requests).toHaveLength(1);
    expect((await s.store.getJob(s.jobId))?.counts).toMatchObject({ succeeded: 1, total: 1 });
  });

  it('drops a superseded message once a retry took over the item', async () => {
    const s = await setup();
    s.graph.answer(() => ({ status: 429, retryAfterMs: 1000 }));
    const first = s.messages[0]!.message;
    await applyItem(s.deps, 'interactive', first);
    expect(await applyItem(s.deps, 'interactive', first)).toBe('duplicate');
    expect(s.graph.requests).toHaveLength(1);
  });

  it('defers a concurrent duplicate while another delivery holds the item', async () => {
    const s = await setup();
    const message = s.messages[0]!.message;
    let release!: () => void;
    s.graph.answer(() => ({ status: 200 }));
    const slow = new Promise<void>((r) => (release = r));
    const original = s.graph.patch.bind(s.graph);
    s.graph.patch = async (req) => {
      await slow;
      return original(req);
    };
    const first = applyItem(s.deps, 'interactive', message);
    await new Promise((r) => setTimeout(r, 10));
    expect(await applyItem(s.deps, 'interactive', message)).toBe('deferred');
    expect(s.queue.take()[0]?.delayMs).toBe(6000);
    release();
    expect(await first).toBe('succeeded');
  });

  it('applies again, counting once, when a worker died after Graph answered', async () => {
    const s = await setup();
    const message = s.messages[0]!.message;
    // The first worker claims the item and calls Graph, then dies before recording anything.
    await s.store.updateItems(s.jobId, [0], (item) => ({ attempts: item.attempts + 1, leaseUntil: new Date(s.clock().getTime() + 45_000).toISOString() }));
    s.clock.advance(60_000); // the host redelivers after its lease; the item's claim has run out
    expect(await applyItem(s.deps, 'interactive', message)).toBe('succeeded');
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await s.store.getJob(s.jobId))?.counts).toMatchObject({ succeeded: 1, queued: 0, total: 1 });
  });

  it('poisons a message that is not JSON and one outside the catalog', async () => {
    const s = await setup();
    expect(await applyItem(s.deps, 'bulk', 'not json')).toBe('poisoned');
    const forged = { ...s.messages[0]!.message, endpointId: 'users' };
    expect(await applyItem(s.deps, 'bulk', forged)).toBe('poisoned');
    const traversal = { ...s.messages[0]!.message, params: { deviceCompliancePolicyId: '..', deviceCompliancePolicyAssignmentId: 'x' } };
    expect(await applyItem(s.deps, 'bulk', traversal)).toBe('poisoned');
    expect(s.queue.poisoned).toHaveLength(3);
    expect(s.graph.requests).toHaveLength(0);
  });

  it('records the item failed when its message is drained from the poison queue', async () => {
    const s = await setup();
    const result = await recordPoisonedMessage({ store: s.store, clock: s.clock, log: silentLogger }, s.messages[0]!.message);
    expect(result).toBe('recorded');
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'failed', errorCode: 'PoisonMessage' });
    expect(await recordPoisonedMessage({ store: s.store, clock: s.clock, log: silentLogger }, s.messages[0]!.message)).toBe('alreadyFinal');
  });

  it('cancels items not yet applied and stops retries of a canceled job', async () => {
    const s = await setup(3);
    s.graph.answer(() => ({ status: 503 }));
    await applyItem(s.deps, 'interactive', s.messages[0]!.message); // item 0 now retrying
    const retry = s.queue.take()[0]!;
    const outcome = await cancelJob(s, s.jobId, null);
    expect(outcome).toMatchObject({ kind: 'canceled', canceledItems: 3 });
    expect(await applyItem(s.deps, 'interactive', retry.message)).toBe('duplicate');
    expect(await applyItem(s.deps, 'interactive', s.messages[1]!.message)).toBe('duplicate');
    const job = await s.store.getJob(s.jobId);
    expect(job).toMatchObject({ status: 'canceled', counts: { canceled: 3, queued: 0, retrying: 0 } });
    expect(job?.completedAt).toBeDefined();
  });

  it('re-queues failed items with fresh tokens and counts them again', async () => {
    const s = await setup(2);
    s.graph.answer(() => ({ status: 404, errorCode: 'ResourceNotFound' }));
    await applyItem(s.deps, 'interactive', s.messages[0]!.message);
    await applyItem(s.deps, 'interactive', s.messages[1]!.message);
    expect((await s.store.getJob(s.jobId))?.status).toBe('partiallySucceeded');
    const outcome = await retryFailedItems(s, s.jobId, null);
    expect(outcome).toMatchObject({ kind: 'requeued', requeued: 1, job: { status: 'running', completedAt: undefined } });
    const [again] = s.queue.take();
    expect(await applyItem(s.deps, 'interactive', s.messages[0]!.message)).toBe('duplicate');
    expect(await applyItem(s.deps, 'interactive', again!.message)).toBe('succeeded');
    expect(await s.store.getJob(s.jobId)).toMatchObject({ status: 'succeeded', counts: { succeeded: 2, failed: 0 } });
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ attempts: 2 });
  });

  it('sends the message back to the queue when the budget has no slot, without calling Graph', async () => {
    const s = await setup(3);
    const tight = { ...s.deps, budgets: memoryBudgets({ rate: { count: 1, windowMs: 10_000 }, headroom: 0, clock: () => s.clock().getTime() }) };
    expect(await applyItem(tight, 'bulk', s.messages[0]!.message)).toBe('succeeded');
    const turnedAwayAt = s.clock().getTime();
    expect(await applyItem(tight, 'bulk', s.messages[1]!.message)).toBe('waiting');
    const [back] = s.queue.take();
    expect(s.graph.requests).toHaveLength(1);
    // Due at its slot, ten seconds on; sent (after holding it) so that it becomes visible
    // between 0.9 and 0.4 s before.
    expect(back!.message.notBefore).toBe(turnedAwayAt + 10_000);
    const visibleAt = s.clock().getTime() + back!.delayMs;
    expect(back!.message.notBefore! - visibleAt).toBeGreaterThanOrEqual(400);
    expect(back!.message.notBefore! - visibleAt).toBeLessThanOrEqual(900);
    expect(await s.store.getItem(s.jobId, 1)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('gives turned-away bulk messages return times one budget interval apart', async () => {
    const s = await setup(4);
    const tight = { ...s.deps, budgets: memoryBudgets({ rate: { count: 1, windowMs: 2_000 }, headroom: 0, clock: () => s.clock().getTime() }) };
    await applyItem(tight, 'bulk', s.messages[0]!.message);
    const start = s.clock().getTime();
    for (const m of s.messages.slice(1)) expect(await applyItem(tight, 'bulk', m.message)).toBe('waiting');
    const times = s.queue.take().map((m) => m.message.notBefore! - start);
    expect(times).toEqual([2_000, 4_000, 6_000]);
  });

  it('books a message back in its turn as far as its second allows, rather than sending it to the back of the waiting room', async () => {
    const s = await setup(12);
    const budgets = memoryBudgets({ rate: { count: 10, windowMs: 1_000 }, headroom: 0, clock: () => s.clock().getTime() });
    const deps = { ...s.deps, budgets };
    const budget = budgets.of('deviceConfiguration');
    // Late messages took the next 0.7 s of slots; the waiting room holds turns for thirty seconds.
    for (let i = 0; i < 7; i++) await budget.claim('interactive');
    await budget.reserveReturns(300);
    const due = { ...s.messages[0]!.message, notBefore: s.clock().getTime() + 100 };
    expect(await applyItem(deps, 'bulk', due)).toBe('succeeded');
    expect(s.queue.take()).toEqual([]);
  });

  it('does not send a write later than the jitter allows after its slot: it takes a new slot, or goes back to the queue', async () => {
    const s = await setup(2);
    const budgets = memoryBudgets({ rate: { count: 10, windowMs: 1_000 }, headroom: 0, clock: () => s.clock().getTime() });
    const budget = budgets.of('deviceConfiguration');
    // The look for a pause before the write takes 600 ms once, as on a starved machine; other
    // instances may book slots meanwhile.
    let meanwhile: (() => Promise<void>) | undefined = async () => {};
    const pausedFor = budget.pausedFor.bind(budget);
    budget.pausedFor = async () => {
      const slow = meanwhile;
      meanwhile = undefined;
      if (slow) {
        s.clock.advance(600);
        await slow();
      }
      return pausedFor();
    };
    const deps = { ...s.deps, budgets, settings: { ...s.deps.settings, sendLateLimitMs: 250 } };
    // A slot is free when it notices: the write takes it and goes, without a trip through the queue.
    expect(await applyItem(deps, 'interactive', s.messages[0]!.message)).toBe('succeeded');
    expect(s.graph.requests).toHaveLength(1);
    expect(s.queue.sent).toHaveLength(0);
    // Others booked the next second and a half meanwhile: back to the queue, the item as it was.
    meanwhile = async () => {
      for (let i = 0; i < 16; i++) await budget.claim('interactive');
    };
    expect(await applyItem(deps, 'interactive', s.messages[1]!.message)).toBe('waiting');
    expect(s.graph.requests).toHaveLength(1);
    const [again] = s.queue.take();
    expect(again!.message.token).toBe(s.messages[1]!.message.token);
    expect(await s.store.getItem(s.jobId, 1)).toMatchObject({ status: 'queued', attempts: 0, leaseUntil: undefined });
  });

  it('never waits more than a second inside one invocation', async () => {
    const s = await setup(6);
    const waits: number[] = [];
    let current = 0;
    const deps = {
      ...s.deps,
      budgets: memoryBudgets({ rate: { count: 2, windowMs: 1_000 }, headroom: 0, clock: () => s.clock().getTime() }),
      sleep: async (ms: number) => (s.clock.advance(ms), (current += ms), ms),
    };
    const pending = s.messages.map((m) => m.message);
    for (let round = 0; round < 20 && pending.length > 0; round++) {
      const message = pending.shift()!;
      current = 0;
      const result = await applyItem(deps, 'bulk', message);
      waits.push(current);
      if (result === 'waiting') pending.push(s.queue.take().at(-1)!.message);
      s.clock.advance(100);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000);
    expect((await s.store.getJob(s.jobId))?.counts.succeeded).toBe(6);
  });

  it('pauses the shared budget for every lane when Graph answers 429 with Retry-After', async () => {
    const s = await setup(2);
    s.graph.answer(() => ({ status: 429, retryAfterMs: 5_000 }));
    await applyItem(s.deps, 'interactive', s.messages[0]!.message);
    expect(await s.budgets.of('deviceConfiguration').pausedFor()).toBe(5_000);
    s.queue.take();
    expect(await applyItem(s.deps, 'interactive', s.messages[1]!.message)).toBe('waiting');
    expect(s.graph.requests).toHaveLength(1);
  });

  it('pauses only the throttling family Graph throttled: a settings catalog write goes on while compliance writes wait', async () => {
    const s = await setup(1);
    const mixed = await submitJob(
      { ...s.deps, audit: s.audit, reader: new FakeGraphReader(), staging: new MemoryIntakeStaging(), intakeQueue: new RecordingIntakeQueue(), limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 } },
      { items: [complianceItem(7), settingsCatalogItem(8), complianceItem(9)] },
    );
    if (mixed.kind !== 'accepted') throw new Error('refused');
    const [compliance, catalog, laterCompliance] = s.queue.take().map((m) => m.message);
    s.graph.answer(() => ({ status: 429, retryAfterMs: 5_000 }));
    expect(await applyItem(s.deps, 'interactive', compliance)).toBe('retryScheduled');
    expect(await s.budgets.of('deviceConfiguration').pausedFor()).toBe(5_000);
    expect(await s.budgets.of('deviceConfigV2').pausedFor()).toBe(0);
    s.graph.answer(() => ({ status: 200 }));
    expect(await applyItem(s.deps, 'interactive', catalog)).toBe('succeeded');
    expect(await applyItem(s.deps, 'interactive', laterCompliance)).toBe('waiting');
    expect(s.graph.requests.map((r) => r.path)).toEqual([
      '/deviceManagement/deviceCompliancePolicies/policy-7/assignments/assignment-7',
      '/deviceManagement/configurationPolicies/policy-8/assignments/assignment-8',
    ]);
  });
});
