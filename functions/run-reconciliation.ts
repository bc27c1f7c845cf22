import { app, type InvocationContext } from '@azure/functions';
import { getConfig, getServices } from '../src/composition-root.js';
import { parseReconcileMessage } from '../src/reconcile/parse-reconcile-message.js';
import { runReconciliation } from '../src/reconcile/run-reconciliation.js';

const config = getConfig();

/** Carries out a queued reconciliation run. */
async function runReconciliationHandler(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseReconcileMessage(message);
  if (!parsed.ok) {
    // Retrying cannot make it readable; nothing else refers to it.
    context.error(`run-reconciliation: dropped an unreadable message (${parsed.reason})`);
    return;
  }
  const run = await runReconciliation(getServices(), parsed.reconciliationId);
  context.log(`run-reconciliation ${parsed.reconciliationId}: ${run ? run.status : 'not found'}${run?.jobId ? ` job ${run.jobId}` : ''}`);
}

app.storageQueue('run-reconciliation', {
  queueName: config.names.reconcileQueue,
  connection: 'AzureWebJobsStorage',
  handler: runReconciliationHandler,
});
