import type { Clock } from '../shared/clock.js';
import type { Reconciliation } from '../model/reconciliation-model.js';
import type { ReconciliationStore } from '../ports/reconciliation-ports.js';

/**
 * Ends a run whose message the host gave up on (it failed on every delivery and went to the
 * poison queue), so it does not stay `running` and block new runs for an hour. A run that
 * finished meanwhile is left as it is.
 */
export async function abandonReconciliation(
  deps: { readonly runs: ReconciliationStore; readonly clock: Clock },
  reconciliationId: string,
  reason: string,
): Promise<Reconciliation | undefined> {
  return deps.runs.update(reconciliationId, (run) =>
    run.status === 'succeeded' || run.status === 'failed'
      ? undefined
      : { status: 'failed', completedAt: deps.clock().toISOString(), failure: `gave up after repeated failures: ${reason}`.slice(0, 2000) },
  );
}
