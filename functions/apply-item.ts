import { app, type InvocationContext } from '@azure/functions';
import { getConfig, getServices } from '../src/composition-root.js';
import type { Lane } from '../src/model/job-model.js';
import { contextLogger } from '../src/shared/context-logger.js';
import { applyItem } from '../src/worker/apply-item.js';

const config = getConfig();

/** One handler per lane: the lanes differ only in which queue feeds them. */
function applyFrom(lane: Lane) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const services = getServices();
    const result = await applyItem(
      { ...services, log: contextLogger(context), settings: services.config.worker },
      lane,
      message,
    );
    context.log(`apply-item ${lane}: ${result}`);
  };
}

app.storageQueue('apply-interactive-item', {
  queueName: config.names.interactiveQueue,
  connection: 'AzureWebJobsStorage',
  handler: applyFrom('interactive'),
});

app.storageQueue('apply-bulk-item', {
  queueName: config.names.bulkQueue,
  connection: 'AzureWebJobsStorage',
  handler: applyFrom('bulk'),
});
