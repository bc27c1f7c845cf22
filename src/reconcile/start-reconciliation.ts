import { recordAudit } from '../audit/record-audit.js';
import type { Caller } from '../model/caller.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../shared/clock.js';
import type { ReconcileQueue, ReconciliationStore } from '../ports/reconciliation-ports.js';
import { newReconciliationId } from '../model/reconciliation-id.js';
import type { Reconciliation, ReconciliationTrigger } from '../model/reconciliation-model.js';

export interface StartReconciliationDeps {
  readonly runs: ReconciliationStore;
  readonly reconcileQueue: ReconcileQueue;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

export type StartOutcome =
  | { readonly kind: 'started'; readonly run: Reconciliation }
  /** Another run is queued or running: two at once would queue the same fixes twice. */
  | { readonly kind: 'busy'; readonly run: Reconciliation };

/** A run still `queued` or `running` after this long is taken to have died and no longer blocks a new one. */
export const STALE_RUN_MS = 60 * 60 * 1000;

/** Records a run and queues it for the reconciliation worker; answers at once. */
export async function startReconciliation(
  deps: StartReconciliationDeps,
  request: { readonly dryRun: boolean; readonly trigger: ReconciliationTrigger; readonly requestedBy: Caller | null },
): Promise<StartOutcome> {
  const now = deps.clock();
  const run: Reconciliation = {
    reconciliationId: newReconciliationId(now),
    status: 'queued',
    dryRun: request.dryRun,
    trigger: request.trigger,
    requestedAt: now.toISOString(),
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    startedAt: undefined,
    completedAt: undefined,
    documents: [],
    counts: undefined,
    jobId: undefined,
    errors: [],
    failure: undefined,
  };
  const busy = await deps.runs.createExclusive(run, STALE_RUN_MS, now);
  if (busy) return { kind: 'busy', run: busy.active };
  try {
    await deps.reconcileQueue.send(run.reconciliationId);
  } catch (error) {
    // Left queued, the run would block every new one for an hour without ever running.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    await deps.runs.update(run.reconciliationId, () => ({ status: 'failed', completedAt: deps.clock().toISOString(), failure: `could not be queued: ${reason}` }));
    throw error;
  }
  await recordAudit(deps, {
    action: 'reconciliation.started',
    actor: request.requestedBy,
    reconciliationId: run.reconciliationId,
    details: { dryRun: run.dryRun, trigger: run.trigger },
  });
  return { kind: 'started', run };
}
