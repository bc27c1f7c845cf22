import { describe, expect, it } from 'vitest';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { MemoryPolicyLeases } from '../../../src/memory/memory-policy-leases.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { applyItem } from '../../../src/worker/apply-item.js';
import { policyLeaseKey } from '../../../src/model/policy-lease.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue, ScriptedGraph } from '../../helpers/fakes.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';

const POLICY = '/deviceManagement/deviceCompliancePolicies/p1';
const PATH = `${POLICY}/assignments/a1`;
const group = (groupId: string) => ({ '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId });
const NO_ROUTE = {
  status: 400,
  errorCode: 'No method match route template',
  errorMessage: 'No OData route exists that match template ~/singleton/navigation/key/navigation/key with http verb PATCH for request /x.',
};

async function setup(current: unknown[] = [{ id: 'a1', target: group('old') }, { id: 'a2', target: group('other') }]) {
  const store = new MemoryJobStore();
  const queue = new RecordingQueue();
  const graph = new ScriptedGraph();
  const clock = manualClock();
  const budgets = memoryBudgets({ rate: { count: 100, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() });
  const reader = new FakeGraphReader().on('v1.0', `${POLICY}/assignments`, current as never);
  const leases = new MemoryPolicyLeases(() => clock().getTime());
  const outcome = await submitJob(
    { store, queue, clock, budgets, audit: new MemoryAuditLog(), reader, staging: new MemoryIntakeStaging(), intakeQueue: new RecordingIntakeQueue(), limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 } },
    { items: [{ path: PATH, body: { target: group('new') } }] },
  );
  if (outcome.kind !== 'accepted') throw new Error('setup submission refused');
  const sleep = async (ms: number) => (clock.advance(ms), ms);
  const settings = { maxAttempts: 3, leaseMs: 45_000, policyLeaseMs: 65_000, writeTimeoutMs: 30_000 };
  const deps = { store, queue, graph, clock, budgets, reader, leases, sleep, log: silentLogger, random: () => 0.5, settings };
  return { store, queue, graph, reader, deps, jobId: outcome.job.jobId, message: queue.take()[0]!.message };
}

describe('applying PATCH items', () => {
  it('records the assignment before (read first) and after (from Graph’s answer)', async () => {
    const s = await setup();
    s.graph.answer(() => ({ status: 200, body: { '@odata.context': 'x', '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id: 'a1', target: group('new') } }));
    expect(await applyItem(s.deps, 'interactive', s.message)).toBe('succeeded');
    expect(s.reader.calls).toEqual([`v1.0 ${POLICY}/assignments`]);
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ before: { id: 'a1', target: group('old') }, after: { id: 'a1', target: group('new') } });
  });

  it('works out the after from the before when Graph answers 204', async () => {
    const s = await setup();
    s.graph.answer(() => ({ status: 204 }));
    await applyItem(s.deps, 'interactive', s.message);
    expect((await s.store.getItem(s.jobId, 0))?.after).toMatchObject({ id: 'a1', target: group('new') });
  });

  it('applies an item Graph has no route for through its policy’s /assign, replacing only that assignment', async () => {
    const s = await setup();
    s.reader.on('beta', `${POLICY}/assignments`, [{ id: 'a1', target: group('old') }, { id: 'a2', target: group('other') }]);
    s.graph.answer(() => NO_ROUTE);
    expect(await applyItem(s.deps, 'interactive', s.message)).toBe('rerouted');
    const [next] = s.queue.take();
    expect(next).toMatchObject({ delayMs: 0, message: { kind: 'set', indexes: [0], attempt: 2 } });
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'retrying', via: 'assign', httpStatus: 400, errorCode: NO_ROUTE.errorCode });

    s.graph.answer((request) => {
      const value = (request.body as { assignments: object[] }).assignments;
      s.reader.on('beta', `${POLICY}/assignments`, value as never);
      return { status: 200, body: { value } };
    });
    expect(await applyItem(s.deps, 'interactive', next!.message)).toBe('succeeded');
    expect(s.graph.methods).toEqual(['patch', 'assign']);
    expect(s.graph.requests[1]).toMatchObject({ path: `${POLICY}/assign` });
    expect((s.graph.requests[1]!.body as { assignments: unknown[] }).assignments).toEqual([
      { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id: 'a1', target: group('new') },
      { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id: 'a2', target: group('other') },
    ]);
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'succeeded', via: 'assign', attempts: 2, httpStatus: 200, errorCode: undefined, before: { id: 'a1', target: group('old') }, after: { id: 'a1', target: group('new') } });
  });

  it('fails a plain 400 at once: only the no-route answer changes the way', async () => {
    const s = await setup();
    s.graph.answer(() => ({ status: 400, errorCode: 'BadRequest', errorMessage: 'Invalid target' }));
    expect(await applyItem(s.deps, 'interactive', s.message)).toBe('failed');
    expect(s.queue.sent).toHaveLength(0);
  });

  it('sends the PATCH even when the collection cannot be read, leaving the before unknown', async () => {
    const s = await setup();
    s.reader.on('v1.0', `${POLICY}/assignments`, { ok: false, status: 403, errorCode: 'Forbidden', errorMessage: 'no', requestId: 'r' });
    expect(await applyItem(s.deps, 'interactive', s.message)).toBe('succeeded');
    expect((await s.store.getItem(s.jobId, 0))?.before).toBeUndefined();
  });

  it('writes alongside other PATCHes of the policy, but not while its set is being rewritten', async () => {
    const s = await setup();
    const key = policyLeaseKey(POLICY);
    await s.deps.leases.acquire(key, 'another-patch', 30_000, 'shared');
    expect(await applyItem(s.deps, 'interactive', s.message)).toBe('succeeded');

    const t = await setup();
    await t.deps.leases.acquire(key, 'a-rewrite', 30_000, 'exclusive');
    expect(await applyItem(t.deps, 'interactive', t.message)).toBe('waiting');
    expect(t.graph.requests).toHaveLength(0);
  });
});

