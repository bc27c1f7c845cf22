import { app, type InvocationContext } from '@azure/functions';
import { poisonQueueName } from '../src/config/app-config.js';
import { getConfig, getServices } from '../src/composition-root.js';
import { abandonReconciliation } from '../src/reconcile/abandon-reconciliation.js';
import { parseReconcileMessage } from '../src/reconcile/parse-reconcile-message.js';

const config = getConfig();

/** A run whose message failed every delivery is recorded failed, so it stops blocking new runs. */
async function drainReconcilePoison(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseReconcileMessage(message);
  if (!parsed.ok) {
    context.error(`drain-reconcile-poison: dropped an unreadable message (${parsed.reason})`);
    return;
  }
  const run = await abandonReconciliation(
    getServices(),
    parsed.reconciliationId,
    "its message failed every delivery (host.json maxDequeueCount); the run-reconciliation log says why",
  );
  context.log(`drain-reconcile-poison ${parsed.reconciliationId}: ${run ? run.status : 'not found'}`);
}

app.storageQueue('drain-reconcile-poison', {
  queueName: poisonQueueName(config.names.reconcileQueue),
  connection: 'AzureWebJobsStorage',
  handler: drainReconcilePoison,
});
