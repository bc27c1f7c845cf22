import { app, type InvocationContext } from '@azure/functions';
import { poisonQueueName } from '../src/config/app-config.js';
import { getConfig, getServices } from '../src/composition-root.js';
import { contextLogger } from '../src/shared/context-logger.js';
import { recordPoisonedMessage } from '../src/worker/record-poisoned-message.js';

const config = getConfig();

/** Records the item of every poisoned message as failed, with the reason. */
async function drainPoison(message: unknown, context: InvocationContext): Promise<void> {
  const services = getServices();
  const result = await recordPoisonedMessage({ ...services, log: contextLogger(context) }, message);
  context.log(`drain-poison: ${result}`);
}

for (const queue of [config.names.interactiveQueue, config.names.bulkQueue]) {
  app.storageQueue(`drain-${queue}-poison`, {
    queueName: poisonQueueName(queue),
    connection: 'AzureWebJobsStorage',
    handler: drainPoison,
  });
}
