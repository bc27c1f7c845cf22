import { MemoryAuditLog } from '../../../src/memory/memory-audit-log.js';
import { describe, expect, it } from 'vitest';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { GraphReadError } from '../../../src/ports/graph-read-error.js';
import type { GraphReader } from '../../../src/ports/graph-reader.js';
import type { DesiredStateSource, DriftReportStore, ReconcileQueue } from '../../../src/ports/reconciliation-ports.js';
import type { DriftEntry } from '../../../src/model/drift-entry.js';
import { MemoryReconciliationStore } from '../../../src/memory/memory-reconciliation-store.js';
import type { DesiredStateDocument } from '../../../src/reconcile/parse-desired-state.js';
import type { Reconciliation, ReconciliationChange } from '../../../src/model/reconciliation-model.js';
import { runReconciliation, type RunReconciliationDeps } from '../../../src/reconcile/run-reconciliation.js';
import { startReconciliation } from '../../../src/reconcile/start-reconciliation.js';
import { MemoryJobStore } from '../../../src/memory/memory-job-store.js';
import { MemoryScanCheckpoints } from '../../../src/memory/memory-scan-checkpoints.js';
import { MemoryIntakeStaging } from '../../../src/memory/memory-intake-staging.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue } from '../../helpers/fakes.js';
import { FakeGraphReader, refusal } from '../inventory/fake-graph-reader.js';

const POLICY = '10000000-0000-4000-8000-000000000001';
const IN_SYNC = '1a000000-0000-4000-8000-000000000001';
const DRIFTED = '1a000000-0000-4000-8000-000000000002';
const POLICIES = '/deviceManagement/deviceCompliancePolicies';
const ASSIGNMENTS = `${POLICIES}/${POLICY}/assignments`;
const group = (groupId: string) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId });
const held = (id: string, groupId: string) => ({ '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id, target: group(groupId) });

/** Declares both assignments; the second differs from what Graph holds (g-old). */
const DESIRED: DesiredStateDocument[] = [
  {
    name: 'compliance.json',
    text: JSON.stringify({
      assignments: [
        { apiVersion: 'beta', path: `${ASSIGNMENTS}/${IN_SYNC}`, body: { target: group('g1') } },
        { ref: 'move to g-new', apiVersion: 'beta', path: `${ASSIGNMENTS}/${DRIFTED}`, body: { target: group('g-new') } },
      ],
    }),
  },
];

class MemoryReportStore implements DriftReportStore {
  readonly reports = new Map<string, readonly DriftEntry[]>();
  async save(reconciliationId: string, entries: readonly DriftEntry[]): Promise<void> {
    this.reports.set(reconciliationId, structuredClone(entries));
  }
  async load(reconciliationId: string): Promise<readonly DriftEntry[] | undefined> {
    return this.reports.get(reconciliationId);
  }
}

class MemoryDesiredState implements DesiredStateSource {
  readonly location = "container 'test-desired-state'";
  reads = 0;
  constructor(public documents: DesiredStateDocument[]) {}
  async readAll(): Promise<DesiredStateDocument[]> {
    this.reads += 1;
    return structuredClone(this.documents);
  }
}

class RecordingReconcileQueue implements ReconcileQueue {
  readonly sent: string[] = [];
  async send(reconciliationId: string): Promise<void> {
    this.sent.push(reconciliationId);
  }
}

/** A run store whose next matching update throws, as when the worker dies at that point. */
class DyingReconciliationStore extends MemoryReconciliationStore {
  dieOn: ((change: ReconciliationChange) => boolean) | undefined;
  override async update(id: string, mutate: (run: Reconciliation) => ReconciliationChange | undefined): Promise<Reconciliation | undefined> {
    const current = await this.get(id);
    const change = current && mutate(current);
    if (change && this.dieOn?.(change)) {
      this.dieOn = undefined;
      throw new Error('worker died');
    }
    return super.update(id, mutate);
  }
}

/** Graph with one compliance policy holding both assignments, `drifted` in group `driftedGroup`. */
function graphHolding(driftedGroup = 'g-old'): FakeGraphReader {
  return new FakeGraphReader()
    .on('beta', POLICIES, [{ '@odata.type': '#microsoft.graph.iosCompliancePolicy', id: POLICY, displayName: 'Baseline' }])
    .on('beta', ASSIGNMENTS, [held(IN_SYNC, 'g1'), held(DRIFTED, driftedGroup)])
    .on('beta', '/deviceManagement/configurationPolicies', [])
    .on('beta', '/deviceManagement/deviceEnrollmentConfigurations', [])
    .on('beta', '/deviceManagement/deviceConfigurations', []);
}

function setup(options: { documents?: DesiredStateDocument[]; reader?: GraphReader; scanSliceMs?: number } = {}) {
  const clock = manualClock();
  const runs = new DyingReconciliationStore();
  const reconcileQueue = new RecordingReconcileQueue();
  const audit = new MemoryAuditLog();
  const deps = {
    store: new MemoryJobStore(clock),
    audit,
    queue: new RecordingQueue(),
    budgets: memoryBudgets({ rate: { count: 100, windowMs: 20_000 }, headroom: 0, clock: () => clock().getTime() }),
    clock,
    staging: new MemoryIntakeStaging(),
    intakeQueue: new RecordingIntakeQueue(),
    limits: { interactiveMaxItems: 20 },
    runs,
    reports: new MemoryReportStore(),
    desiredState: new MemoryDesiredState(options.documents ?? DESIRED),
    reader: options.reader ?? graphHolding(),
    reconcileQueue,
    checkpoints: new MemoryScanCheckpoints(),
    scanSliceMs: options.scanSliceMs ?? 240_000,
  } satisfies RunReconciliationDeps;
  const start = async (dryRun = false) => {
    const outcome = await startReconciliation({ runs, reconcileQueue, clock, audit }, { dryRun, trigger: 'api', requestedBy: null });
    if (outcome.kind !== 'started') throw new Error(`not started: ${outcome.kind}`);
    return outcome.run.reconciliationId;
  };
  const jobs = async () => (await deps.store.listJobs({ limit: 100 })).values;
  return { deps, runs, reconcileQueue, clock, start, jobs };
}

describe('runReconciliation', () => {
  it('reads an inventory larger than one invocation across several, queueing itself again, to the same result', async () => {
    const reader = graphHolding()
      .on('beta', '/deviceManagement/deviceConfigurations', [{ '@odata.type': '#microsoft.graph.windows10GeneralConfiguration', id: 'dc-1', displayName: 'General' }])
      .on('beta', '/deviceManagement/deviceConfigurations/dc-1/assignments', []);
    // No time at all per invocation: each reads one chunk of policies and hands over.
    const { deps, start, reconcileQueue, jobs } = setup({ reader, scanSliceMs: 0 });
    const id = await start();
    reconcileQueue.sent.length = 0;

    const first = await runReconciliation(deps, id);
    expect(first).toMatchObject({ status: 'running' });
    expect(reconcileQueue.sent).toEqual([id]);
    expect(deps.checkpoints.saved.size).toBe(1);
    expect(await jobs()).toHaveLength(0);

    const second = await runReconciliation(deps, id);
    expect(second).toMatchObject({ status: 'succeeded', counts: { declared: 2, inSync: 1, changed: 1 } });
    expect(reconcileQueue.sent).toEqual([id]);
    expect(deps.checkpoints.saved.size).toBe(0);
    expect(await jobs()).toHaveLength(1);
  });

  it('records one bulk job fixing the drift, and keeps the report of every difference', async () => {
    const { deps, start, jobs } = setup();
    const id = await start();

    const run = await runReconciliation(deps, id);

    expect(run).toMatchObject({ status: 'succeeded', documents: ['compliance.json'], counts: { declared: 2, inSync: 1, changed: 1, missing: 0, undeclared: 0 }, errors: [] });
    const [job] = await jobs();
    expect(run?.jobId).toBe(job?.jobId);
    expect(job).toMatchObject({ source: 'reconcile', priority: 'bulk', origin: { reconciliationId: id }, counts: { total: 1 }, intakeComplete: true });
    expect(await deps.store.getItem(job!.jobId, 0)).toMatchObject({ ref: 'move to g-new', path: `${ASSIGNMENTS}/${DRIFTED}`, body: { target: { groupId: 'g-new' } } });
    expect(deps.queue.sent).toHaveLength(1);
    expect(await deps.reports.load(id)).toEqual([expect.objectContaining({ kind: 'changed', file: 'compliance.json', position: 1, changed: ['target'] })]);
  });

  it('makes no job for a dry run', async () => {
    const { deps, start, jobs } = setup();
    const id = await start(true);
    const run = await runReconciliation(deps, id);
    expect(run).toMatchObject({ status: 'succeeded', dryRun: true, counts: { changed: 1 }, jobId: undefined });
    expect(await jobs()).toEqual([]);
    expect(deps.queue.sent).toEqual([]);
  });

  it('does nothing for a redelivered message of a finished run', async () => {
    const { deps, start, jobs, clock } = setup();
    const id = await start();
    const first = await runReconciliation(deps, id);
    const reads = (deps.reader as FakeGraphReader).calls.length;
    const documentReads = deps.desiredState.reads;
    clock.advance(60_000);

    const again = await runReconciliation(deps, id);

    expect(again).toEqual(first);
    expect(await deps.runs.get(id)).toEqual(first);
    expect((deps.reader as FakeGraphReader).calls).toHaveLength(reads);
    expect(deps.desiredState.reads).toBe(documentReads);
    expect(await jobs()).toHaveLength(1);
    expect(deps.queue.sent).toHaveLength(1);
  });

  it('does nothing for a redelivered message of a failed run', async () => {
    const { deps, start } = setup({ documents: [{ name: 'bad.json', text: '{' }] });
    const id = await start();
    const failed = await runReconciliation(deps, id);
    deps.desiredState.documents = DESIRED;
    expect(await runReconciliation(deps, id)).toEqual(failed);
  });

  it('finishes a run that died after recording its job with that same job', async () => {
    const { deps, runs, start, jobs } = setup();
    const id = await start();
    runs.dieOn = (change) => change.status === 'succeeded';
    await expect(runReconciliation(deps, id)).rejects.toThrow('worker died');
    expect(await runs.get(id)).toMatchObject({ status: 'running', jobId: undefined });
    const [job] = await jobs();
    const sent = deps.queue.sent.length;

    const run = await runReconciliation(deps, id);

    expect(run).toMatchObject({ status: 'succeeded', jobId: job!.jobId });
    expect(await jobs()).toHaveLength(1);
    expect(deps.queue.sent).toHaveLength(sent);
  });

  it('links the job it made even when that job fixed the drift before the message came back', async () => {
    const { deps, runs, start, jobs } = setup();
    const id = await start();
    runs.dieOn = (change) => change.status === 'succeeded';
    await expect(runReconciliation(deps, id)).rejects.toThrow('worker died');
    const [job] = await jobs();
    // The job's item was applied meanwhile: Graph now holds the desired state.
    deps.reader = graphHolding('g-new');

    const run = await runReconciliation(deps, id);

    expect(run).toMatchObject({ status: 'succeeded', jobId: job!.jobId });
    expect(await jobs()).toHaveLength(1);
  });

  it('finishes the intake of the same job when the run died while queueing its items', async () => {
    const { deps, start, jobs } = setup();
    const id = await start();
    deps.queue.failSends = true;
    await expect(runReconciliation(deps, id)).rejects.toThrow('queue unavailable');
    const [stuck] = await jobs();
    expect(stuck).toMatchObject({ intakeComplete: false });
    deps.queue.failSends = false;

    const run = await runReconciliation(deps, id);

    expect(run).toMatchObject({ status: 'succeeded', jobId: stuck!.jobId });
    expect(await jobs()).toHaveLength(1);
    expect(await deps.store.getJob(stuck!.jobId)).toMatchObject({ intakeComplete: true });
    expect(deps.queue.sent.map((s) => s.message.jobId)).toEqual([stuck!.jobId]);
  });

  it('fails the run with the errors of invalid documents, without reading Graph or making a job', async () => {
    const { deps, start, jobs } = setup({
      documents: [
        ...DESIRED,
        { name: 'broken.json', text: '{ "assignments": [' },
        { name: 'extra.json', text: JSON.stringify({ owner: 'platform', assignments: [] }) },
      ],
    });
    const id = await start();

    const run = await runReconciliation(deps, id);

    expect(run).toMatchObject({ status: 'failed', documents: ['compliance.json', 'broken.json', 'extra.json'], counts: undefined, jobId: undefined, failure: undefined });
    expect(run?.completedAt).toEqual(expect.any(String));
    expect(run?.errors).toEqual([
      { file: 'broken.json', field: '', message: expect.stringContaining('not valid JSON') },
      { file: 'extra.json', field: 'owner', message: expect.stringContaining('not a desired-state field') },
    ]);
    expect((deps.reader as FakeGraphReader).calls).toEqual([]);
    expect(await jobs()).toEqual([]);
    expect(deps.queue.sent).toEqual([]);
    expect(await deps.reports.load(id)).toBeUndefined();
  });

  it.each([
    ['Graph refuses to list a policy kind', () => graphHolding().on('beta', POLICIES, refusal(403, 'Forbidden')), /403 Forbidden/],
    [
      'the reader gives up on Graph',
      (): GraphReader => ({
        get: () => Promise.reject(new GraphReadError('GET beta /x failed 4 times; last: 503')),
        list: () => Promise.reject(new GraphReadError('GET beta /x failed 4 times; last: 503')),
      }),
      /failed 4 times/,
    ],
  ])('fails the run with the reason and makes no job when %s', async (_case, reader, reason) => {
    const { deps, start, jobs } = setup({ reader: reader() });
    const id = await start();

    const run = await runReconciliation(deps, id);

    expect(run).toMatchObject({ status: 'failed', documents: ['compliance.json'], errors: [], counts: undefined, jobId: undefined });
    expect(run?.failure).toMatch(reason);
    expect(await jobs()).toEqual([]);
    expect(deps.queue.sent).toEqual([]);
    expect(await deps.reports.load(id)).toBeUndefined();
  });

  it('leaves the run to be retried when something other than Graph fails', async () => {
    const { deps, start } = setup();
    const id = await start();
    deps.desiredState.readAll = () => Promise.reject(new Error('storage unreachable'));
    await expect(runReconciliation(deps, id)).rejects.toThrow('storage unreachable');
    expect(await deps.runs.get(id)).toMatchObject({ status: 'running', completedAt: undefined });
  });

  it('answers undefined for a run that does not exist', async () => {
    const { deps } = setup();
    expect(await runReconciliation(deps, '20260101T000000000Z-00000000')).toBeUndefined();
  });
});

describe('startReconciliation', () => {
  it('refuses a second run while one is queued or running, and queues the first only', async () => {
    const { deps, runs, reconcileQueue, clock, start } = setup();
    const id = await start();
    const busy = await startReconciliation({ runs, reconcileQueue, clock, audit: new MemoryAuditLog() }, { dryRun: true, trigger: 'timer', requestedBy: null });
    expect(busy).toMatchObject({ kind: 'busy', run: { reconciliationId: id, status: 'queued' } });
    expect(reconcileQueue.sent).toEqual([id]);

    await runReconciliation(deps, id);
    clock.advance(1);
    const next = await startReconciliation({ runs, reconcileQueue, clock, audit: new MemoryAuditLog() }, { dryRun: true, trigger: 'timer', requestedBy: null });
    expect(next).toMatchObject({ kind: 'started', run: { status: 'queued', trigger: 'timer', dryRun: true } });
  });

  it('no longer counts a run left queued for over an hour as under way', async () => {
    const { runs, reconcileQueue, clock, start } = setup();
    await start();
    clock.advance(60 * 60 * 1000 + 1);
    const next = await startReconciliation({ runs, reconcileQueue, clock, audit: new MemoryAuditLog() }, { dryRun: false, trigger: 'api', requestedBy: null });
    expect(next.kind).toBe('started');
    expect(reconcileQueue.sent).toHaveLength(2);
  });

  it('records a run it could not queue as failed, so it does not block the next one', async () => {
    const { runs, clock } = setup();
    const broken = { send: async () => Promise.reject(new Error('queue service unavailable')) };
    await expect(startReconciliation({ runs, reconcileQueue: broken, clock, audit: new MemoryAuditLog() }, { dryRun: false, trigger: 'api', requestedBy: null })).rejects.toThrow('unavailable');
    const [run] = (await runs.list({ limit: 1 })).values;
    expect(run).toMatchObject({ status: 'failed', failure: expect.stringContaining('could not be queued') });
    const ok = new RecordingReconcileQueue();
    expect((await startReconciliation({ runs, reconcileQueue: ok, clock, audit: new MemoryAuditLog() }, { dryRun: false, trigger: 'api', requestedBy: null })).kind).toBe('started');
  });
});
