import { describe, expect, it } from 'vitest';
import { submitJob } from '../../../src/jobs/submit-job.js';
import { undoJob } from '../../../src/jobs/undo-job.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue } from '../../helpers/fakes.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';

const POLICY = '/deviceManagement/deviceConfigurations/d1';
const PATH = '/deviceManagement/deviceCompliancePolicies/p1/assignments/a1';
const group = (groupId: string, extra: Record<string, unknown> = {}) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId, ...extra });

async function setup() {
  const store = new MemoryJobStore();
  const queue = new RecordingQueue();
  const clock = manualClock();
  const budgets = memoryBudgets({ rate: { count: 100, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() });
  const audit = new MemoryAuditLog();
  const deps = { store, queue, clock, budgets, audit, reader: new FakeGraphReader(), log: silentLogger, staging: new MemoryIntakeStaging(), intakeQueue: new RecordingIntakeQueue(), limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 } };
  const submitted = await submitJob(deps, {
    label: 'move',
    items: [
      { action: 'add', policy: POLICY, apiVersion: 'beta', target: group('new') },
      { action: 'remove', policy: POLICY, apiVersion: 'beta', target: group('gone') },
      { action: 'add', policy: POLICY, apiVersion: 'beta', target: group('kept') },
      { path: PATH, body: { target: group('g2') } },
    ],
  });
  if (submitted.kind !== 'accepted') throw new Error('refused');
  queue.take();
  return { deps, store, queue, audit, jobId: submitted.job.jobId };
}

/** Records what the worker would have: items 0, 1 and 3 changed Graph, item 2 found it as asked. */
async function finish(s: Awaited<ReturnType<typeof setup>>) {
  const recorded = [
    { noop: false, before: null, after: { id: 'n', target: group('new') } },
    { noop: false, before: { id: 'g', intent: 'remove', target: group('gone', { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }) }, after: null },
    { noop: true, before: { id: 'k', target: group('kept') }, after: { id: 'k', target: group('kept') } },
    { before: { id: 'a1', target: group('g1') }, after: { id: 'a1', target: group('g2') } },
  ];
  await s.store.updateItems(s.jobId, [0, 1, 2, 3], (item) => ({ status: 'succeeded', completedAt: new Date().toISOString(), ...recorded[item.index] }));
}

describe('undoJob', () => {
  it('puts back every change of the job, expecting each assignment as the job left it', async () => {
    const s = await setup();
    await finish(s);
    const outcome = await undoJob(s.deps, s.jobId);
    expect(outcome).toMatchObject({ kind: 'accepted', replayed: false, job: { source: 'undo', origin: { jobId: s.jobId }, label: 'Undo of move', counts: { total: 3 } } });
    if (outcome.kind !== 'accepted') return;
    const items = (await s.store.listItems(outcome.job.jobId, { limit: 10 })).values;
    expect(items[0]).toMatchObject({ action: 'remove', path: POLICY, body: { target: { groupId: 'new' } }, expect: { assignment: { id: 'n', target: group('new') } } });
    expect(items[1]).toMatchObject({ action: 'add', apiVersion: 'beta', body: { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'gone' }, intent: 'remove' }, expect: { assignment: null } });
    expect(items[1]!.body.target).not.toHaveProperty('deviceAndAppManagementAssignmentFilterType');
    expect(items[2]!.action).toBeUndefined();
    expect(items[2]).toMatchObject({ path: PATH, body: { target: { groupId: 'g1' } }, expect: { assignment: { id: 'a1', target: group('g2') } } });
    // The two changes to one policy travel in one message.
    expect(s.queue.take().map((m) => m.message.index)).toEqual([0, 2]);
  });

  it('answers with the same undo job when asked twice', async () => {
    const s = await setup();
    await finish(s);
    const caller = { id: 'u1', kind: 'user' as const, name: 'Pat' };
    const first = await undoJob(s.deps, s.jobId, caller);
    const second = await undoJob(s.deps, s.jobId, caller);
    expect(second).toMatchObject({ kind: 'accepted', replayed: true });
    if (first.kind !== 'accepted' || second.kind !== 'accepted') throw new Error('undo refused');
    expect(second.job.jobId).toBe(first.job.jobId);
    expect(first.job.submittedBy).toEqual(caller);
    const trail = await s.audit.list({ kind: 'job', id: s.jobId }, { limit: 10 });
    expect(trail.values.filter((e) => e.action === 'job.undone')).toEqual([expect.objectContaining({ actor: caller, details: { undoJobId: first.job.jobId } })]);
  });

  it('refuses a job still running, and one that changed nothing', async () => {
    const s = await setup();
    expect(await undoJob(s.deps, s.jobId)).toMatchObject({ kind: 'notFinished' });
    await s.store.updateItems(s.jobId, [0, 1, 2, 3], () => ({ status: 'succeeded', noop: true, before: null, after: null }));
    expect(await undoJob(s.deps, s.jobId)).toMatchObject({ kind: 'nothingToUndo' });
    expect(await undoJob(s.deps, 'no-such-job')).toEqual({ kind: 'notFound' });
  });
});
