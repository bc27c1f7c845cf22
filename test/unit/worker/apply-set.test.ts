import { describe, expect, it } from 'vitest';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { MemoryPolicyLeases } from '../../../src/memory/memory-policy-leases.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { policyLeaseKey } from '../../../src/model/policy-lease.js';
import type { WorkMessage } from '../../../src/ports/work-message.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { applyItem } from '../../../src/worker/apply-item.js';
import { recordPoisonedMessage } from '../../../src/worker/record-poisoned-message.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue, ScriptedGraph } from '../../helpers/fakes.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';

const POLICY = '/deviceManagement/deviceCompliancePolicies/p1';
const ENROLLMENT = '/deviceManagement/deviceEnrollmentConfigurations/e1';
const group = (groupId: string) => ({ '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId });
const add = (groupId: string, policy = POLICY) => ({ action: 'add', policy, target: group(groupId) });
const remove = (groupId: string, policy = POLICY) => ({ action: 'remove', policy, target: group(groupId) });

async function setup(items: unknown[], current: Record<string, unknown[]> = {}) {
  const store = new MemoryJobStore();
  const queue = new RecordingQueue();
  const graph = new ScriptedGraph();
  const clock = manualClock();
  const budgets = memoryBudgets({ rate: { count: 100, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() });
  const reader = new FakeGraphReader();
  for (const [path, value] of Object.entries(current)) reader.on('beta', `${path}/assignments`, value as never);
  const leases = new MemoryPolicyLeases(() => clock().getTime());
  const outcome = await submitJob({ store, queue, clock, budgets, audit: new MemoryAuditLog(), reader, staging: new MemoryIntakeStaging(), intakeQueue: new RecordingIntakeQueue(), limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 } }, { items });
  if (outcome.kind !== 'accepted') throw new Error(`setup submission refused: ${JSON.stringify(outcome)}`);
  const sleep = async (ms: number) => (clock.advance(ms), ms);
  const settings = { maxAttempts: 3, leaseMs: 45_000, policyLeaseMs: 65_000, writeTimeoutMs: 30_000 };
  const deps = { store, queue, graph, clock, budgets, reader, leases, sleep, log: silentLogger, random: () => 0.5, settings };
  return { store, queue, graph, reader, leases, clock, deps, jobId: outcome.job.jobId, messages: queue.take().map((m) => m.message) };
}

const itemsOf = async (s: Awaited<ReturnType<typeof setup>>, count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => s.store.getItem(s.jobId, i)));

describe('applying assignment-set items', () => {
  it('writes twelve adds to one policy with one /assign that keeps what was there', async () => {
    const groups = Array.from({ length: 12 }, (_, n) => `g${n}`);
    const s = await setup(groups.map((g) => add(g)), { [POLICY]: [{ id: 'a0', target: group('existing') }] });
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ kind: 'set', index: 0, indexes: groups.map((_, i) => i) });
    s.graph.answer((request) => {
      const value = (request.body as { assignments: object[] }).assignments.map((a, i) => ({ ...a, id: `id-${i}` }));
      // Written in v1.0, so the set is read again in beta, which carries every property.
      s.reader.on('beta', `${POLICY}/assignments`, value);
      return { status: 200, body: { value } };
    });

    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('succeeded');
    expect(s.graph.methods).toEqual(['assign']);
    const [request] = s.graph.requests;
    expect(request).toMatchObject({ apiVersion: 'v1.0', path: `${POLICY}/assign` });
    const sent = (request!.body as { assignments: Array<{ id?: string; target: { groupId: string } }> }).assignments;
    expect(sent.map((a) => a.target.groupId)).toEqual(['existing', ...groups]);
    expect(sent[0]).toEqual({ '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id: 'a0', target: group('existing') });
    const items = await itemsOf(s, 12);
    expect(items.every((i) => i?.status === 'succeeded' && i.noop === false && i.before === null)).toBe(true);
    expect(items[3]).toMatchObject({ httpStatus: 200, graphRequestId: 'req-1', after: { id: 'id-4', target: group('g3') } });
    expect((await s.store.getJob(s.jobId))?.status).toBe('succeeded');
  });

  it('ends an add that changes nothing and a remove that finds nothing as no-ops, writing nothing', async () => {
    const s = await setup([add('kept'), remove('absent')], { [POLICY]: [{ id: 'a1', target: { ...group('KEPT'), deviceAndAppManagementAssignmentFilterType: 'none' } }] });
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('succeeded');
    expect(s.graph.requests).toHaveLength(0);
    const [kept, absent] = await itemsOf(s, 2);
    expect(kept).toMatchObject({ status: 'succeeded', noop: true, before: { id: 'a1' }, after: { id: 'a1' }, httpStatus: undefined });
    expect(absent).toMatchObject({ status: 'succeeded', noop: true, before: null, after: null });
  });

  it('writes a remove and records what it removed, re-reading the set when /assign answers 204', async () => {
    const s = await setup([remove('gone', ENROLLMENT), add('kept', ENROLLMENT)], {
      [ENROLLMENT]: [{ id: 'e1', target: group('gone') }, { id: 'e2', target: group('kept') }],
    });
    s.graph.answer(() => {
      s.reader.on('beta', `${ENROLLMENT}/assignments`, [{ id: 'e2', target: group('kept') }]);
      return { status: 204 };
    });
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('succeeded');
    expect(s.graph.requests[0]?.body).toEqual({
      enrollmentConfigurationAssignments: [{ '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment', id: 'e2', target: group('kept') }],
    });
    const [removed, kept] = await itemsOf(s, 2);
    expect(removed).toMatchObject({ status: 'succeeded', noop: false, httpStatus: 204, before: { id: 'e1', target: group('gone') }, after: null });
    expect(kept).toMatchObject({ noop: true });
    expect(s.reader.calls.filter((c) => c.includes(ENROLLMENT))).toHaveLength(2);
  });

  it('waits for the policy while another read-modify-write of it holds its lease, writing nothing', async () => {
    const s = await setup([add('g1')], { [POLICY]: [] });
    await s.leases.acquire(policyLeaseKey(POLICY), 'another-job', 30_000, 'exclusive');
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('waiting');
    expect(s.graph.requests).toHaveLength(0);
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'queued', attempts: 0, leaseUntil: undefined });
    const [back] = s.queue.take();
    expect(back?.message.token).toBe(s.messages[0]!.token);
    await s.leases.release(policyLeaseKey(POLICY), 'another-job');
    s.clock.advance(back!.delayMs + 1000);
    expect(await applyItem(s.deps, 'interactive', back!.message)).toBe('succeeded');
    expect(s.leases.holder(policyLeaseKey(POLICY))).toBeUndefined();
  });

  it('waits while PATCHes of the policy are in flight, since its write would undo them', async () => {
    const s = await setup([add('g1')], { [POLICY]: [] });
    await s.leases.acquire(policyLeaseKey(POLICY), 'a-patch', 30_000, 'shared');
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('waiting');
    expect(s.graph.requests).toHaveLength(0);
  });

  it('retries the unit with one new token after a 429, re-reading the set next time', async () => {
    const s = await setup([{ ...add('g1'), apiVersion: 'beta' }, { ...add('g2'), apiVersion: 'beta' }], { [POLICY]: [] });
    s.graph.answer(() => ({ status: 429, retryAfterMs: 3000 }));
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('retryScheduled');
    const [retry] = s.queue.take();
    expect(retry).toMatchObject({ delayMs: 3000, message: { kind: 'set', indexes: [0, 1], attempt: 2 } });
    const items = await itemsOf(s, 2);
    expect(items.map((i) => i?.token)).toEqual([retry!.message.token, retry!.message.token]);
    s.clock.advance(3000);
    s.graph.answer(() => ({ status: 200, body: { value: [{ id: 'x1', target: group('g1') }, { id: 'x2', target: group('g2') }] } }));
    expect(await applyItem(s.deps, 'interactive', retry!.message)).toBe('succeeded');
    expect(s.reader.calls.filter((c) => c.endsWith(`${POLICY}/assignments`))).toHaveLength(2);
  });

  it('fails the items with Graph’s refusal when the policy cannot be read, writing nothing', async () => {
    const s = await setup([add('g1')]);
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('failed');
    expect(await s.store.getItem(s.jobId, 0)).toMatchObject({ status: 'failed', httpStatus: 404, errorCode: 'ResourceNotFound' });
    expect(s.graph.requests).toHaveLength(0);
  });

  it('refuses to write a set in v1.0 that would lose a filter only beta can carry', async () => {
    const filtered = { ...group('f'), deviceAndAppManagementAssignmentFilterId: 'flt', deviceAndAppManagementAssignmentFilterType: 'include' };
    const s = await setup([add('g1')], { [POLICY]: [{ id: 'a1', target: filtered }] });
    expect(await applyItem(s.deps, 'interactive', s.messages[0])).toBe('failed');
    const item = await s.store.getItem(s.jobId, 0);
    expect(item).toMatchObject({ status: 'failed', errorCode: 'VersionCannotKeepAssignments' });
    expect(item?.errorMessage).toMatch(/deviceAndAppManagementAssignmentFilterId "flt" of assignment a1/);
    expect(s.graph.requests).toHaveLength(0);
  });

  it('acts only on the items a message names whose token it holds, and fails all of them from the poison queue', async () => {
    const s = await setup([add('g1'), add('g2')], { [POLICY]: [] });
    const forged: WorkMessage = { ...s.messages[0]!, indexes: [0, 1], token: 'stale' } as WorkMessage;
    expect(await applyItem(s.deps, 'interactive', forged)).toBe('duplicate');
    expect(await recordPoisonedMessage({ store: s.store, clock: s.clock, log: silentLogger }, s.messages[0])).toBe('recorded');
    expect((await itemsOf(s, 2)).map((i) => i?.errorCode)).toEqual(['PoisonMessage', 'PoisonMessage']);
  });

  it('poisons a set message whose items are not of one policy', async () => {
    const s = await setup([add('g1'), add('g2', ENROLLMENT)], { [POLICY]: [], [ENROLLMENT]: [] });
    expect(s.messages).toHaveLength(2);
    const forged = { ...s.messages[0]!, kind: 'set', indexes: [0, 1] } as WorkMessage;
    await s.store.updateItems(s.jobId, [1], () => ({ token: s.messages[0]!.token }));
    expect(await applyItem(s.deps, 'interactive', forged)).toBe('poisoned');
    expect(s.graph.requests).toHaveLength(0);
  });
});
