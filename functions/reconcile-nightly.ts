import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getConfig, getServices } from '../src/composition-root.js';
import { startReconciliation } from '../src/reconcile/start-reconciliation.js';

const config = getConfig();

/** Queues the scheduled reconciliation (`RECONCILE_SCHEDULE`, 02:00 UTC by default). */
async function reconcileNightly(_timer: Timer, context: InvocationContext): Promise<void> {
  const outcome = await startReconciliation(getServices(), { dryRun: false, trigger: 'timer', requestedBy: null });
  context.log(
    outcome.kind === 'started'
      ? `reconcile-nightly: queued ${outcome.run.reconciliationId}`
      : `reconcile-nightly: skipped, ${outcome.run.reconciliationId} is still ${outcome.run.status}`,
  );
}

app.timer('reconcile-nightly', { schedule: config.reconcile.schedule, handler: reconcileNightly });
