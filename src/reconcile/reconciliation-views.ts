import type { DriftEntry } from '../model/drift-entry.js';
import type { Reconciliation } from '../model/reconciliation-model.js';

/** The public shape of a run (`GET /api/reconciliations`); the drift entries come with one run only. */
export function reconciliationView(run: Reconciliation) {
  return {
    reconciliationId: run.reconciliationId,
    status: run.status,
    dryRun: run.dryRun,
    trigger: run.trigger,
    requestedAt: run.requestedAt,
    startedAt: run.startedAt ?? null,
    completedAt: run.completedAt ?? null,
    documents: run.documents,
    counts: run.counts ?? null,
    jobId: run.jobId ?? null,
    errors: run.errors,
    failure: run.failure ?? null,
    requestedBy: run.requestedBy ?? null,
  };
}

/** `GET /api/reconciliations/{id}`: the run and every difference it found. */
export function reconciliationReportView(run: Reconciliation, drift: readonly DriftEntry[] | undefined) {
  return { ...reconciliationView(run), drift: drift ?? [] };
}
