import { randomUUID } from 'node:crypto';
import { app, type InvocationContext } from '@azure/functions';
import pLimit from 'p-limit';
import { createSdkGraphWriter } from '../../../src/graph/sdk-graph-writer.js';
import { parseBaselineMessage } from '../baseline-message.js';
import { readBaselineSettings } from '../read-baseline-settings.js';

/*
 * "The service without the shared budget": one PATCH per queue message, a per-process limit on
 * calls in flight, and retry by redelivery. A throttled or failed call throws, the host makes the
 * message visible again after host.json's visibilityTimeout (a function cannot honour
 * Retry-After for its own message) and moves it to the poison queue after maxDequeueCount.
 */
const settings = readBaselineSettings(process.env);
const graph = createSdkGraphWriter({ baseUrl: settings.graphBaseUrl, auth: { mode: 'static-token', token: settings.graphToken } });
// One limiter per process, shared by every invocation: each instance knows only about itself.
const limit = pLimit(settings.concurrency);

app.storageQueue('apply-baseline-item', {
  queueName: settings.queueName,
  connection: 'AzureWebJobsStorage',
  handler: async (message: unknown, context: InvocationContext): Promise<void> => {
    const item = parseBaselineMessage(message);
    if (!item) {
      // Redelivering cannot make it readable.
      context.error('unreadable message dropped');
      return;
    }
    const outcome = await limit(() => graph.patch({ ...item, clientRequestId: randomUUID() }));
    if (outcome.kind === 'network') throw new Error(`no answer from Graph (${outcome.reason}); left to redelivery`);
    if (outcome.status === 429 || outcome.status >= 500) throw new Error(`Graph answered ${outcome.status}; left to redelivery`);
    if (outcome.status >= 400) context.warn(`Graph refused ${item.path}: ${outcome.status} ${outcome.errorCode ?? ''}`);
  },
});
