import type { ValidatedItem } from '../catalog/validated-item.js';
import { GraphReadError } from '../ports/graph-read-error.js';
import type { GraphReader } from '../ports/graph-reader.js';
import { scanInSlices, type ScanInSlicesDeps } from '../inventory/scan-in-slices.js';
import { recordJobOnce } from '../jobs/record-job-once.js';
import type { RecordJobDeps } from '../jobs/record-job.js';
import type { DesiredStateSource, DriftReportStore, ReconcileQueue, ReconciliationStore } from '../ports/reconciliation-ports.js';
import { findDrift } from './find-drift.js';
import { parseDesiredState } from './parse-desired-state.js';
import type { Reconciliation } from '../model/reconciliation-model.js';

export interface RunReconciliationDeps extends RecordJobDeps, Omit<ScanInSlicesDeps, 'reader' | 'clock'> {
  readonly runs: ReconciliationStore;
  /** Where a run whose inventory takes more than one invocation queues itself again. */
  readonly reconcileQueue: ReconcileQueue;
  readonly reports: DriftReportStore;
  readonly desiredState: DesiredStateSource;
  readonly reader: GraphReader;
}


/**
 * Carries out a queued run: reads the desired state, reads every assignment of the catalog's
 * policy kinds from Graph, stores the drift report and, unless the run is dry, records one bulk
 * job (source `reconcile`) with an item per drifted assignment. An inventory larger than one
 * invocation reads is read across several: the run queues itself again and goes on where it
 * stopped. A redelivered message finds the run finished and does nothing, or finds it part-way
 * and finishes it with the same job.
 */
export async function runReconciliation(deps: RunReconciliationDeps, reconciliationId: string): Promise<Reconciliation | undefined> {
  const now = () => deps.clock().toISOString();
  const ended = (r: Reconciliation) => r.status === 'succeeded' || r.status === 'failed';
  // One read and write: a run that already ended comes back unchanged, and nothing more is done.
  const run = await deps.runs.update(reconciliationId, (r) => (ended(r) ? undefined : { status: 'running', startedAt: r.startedAt ?? now() }));
  if (!run || ended(run)) return run;

  const documents = await deps.desiredState.readAll();
  const names = documents.map((d) => d.name);
  const desired = parseDesiredState(documents);
  if (!desired.ok) {
    return deps.runs.update(reconciliationId, () => ({ status: 'failed', completedAt: now(), documents: names, errors: desired.errors }));
  }
  const scanKey = `reconcile-${reconciliationId}`;
  let observed;
  try {
    observed = await scanInSlices(deps, scanKey);
  } catch (error) {
    if (!(error instanceof GraphReadError)) throw error;
    // Nothing was changed; the next run (or a new request) reads again.
    await deps.checkpoints.delete(scanKey);
    return deps.runs.update(reconciliationId, () => ({ status: 'failed', completedAt: now(), documents: names, failure: error.message }));
  }
  if (!observed) {
    // The inventory is larger than one invocation reads: the run goes on in the next.
    await deps.reconcileQueue.send(reconciliationId);
    return run;
  }
  const drift = findDrift(desired.value, observed.assignments, desired.exclusivePolicies);
  await deps.reports.save(reconciliationId, drift.entries);

  let jobId: string | undefined;
  if (!run.dryRun) {
    // Asked even when nothing drifted: a redelivery may find Graph already fixed by the job an
    // earlier delivery recorded before it died, and must still finish with that job.
    const outcome = await recordJobOnce(
      deps,
      { key: reconciliationId, source: 'reconcile', origin: { reconciliationId }, submittedBy: run.requestedBy ?? null },
      async () =>
        drift.toFix.length > 0 ? { label: `Reconciliation ${reconciliationId}`, priority: 'bulk', items: drift.toFix.map(asJobItem) } : undefined,
    );
    if (outcome.kind !== 'nothingToChange') jobId = outcome.job.jobId;
  }
  const finished = await deps.runs.update(reconciliationId, () => ({
    status: 'succeeded',
    completedAt: now(),
    documents: names,
    counts: drift.counts,
    ...(jobId ? { jobId } : {}),
  }));
  await deps.checkpoints.delete(scanKey);
  return finished;
}

/** Job items are numbered from 0. */
function asJobItem(item: ValidatedItem, index: number): ValidatedItem {
  return { ...item, index };
}
