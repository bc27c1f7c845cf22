import { app, type InvocationContext } from '@azure/functions';
import { getConfig, getServices } from '../src/composition-root.js';
import { parseGroupReplacementMessage } from '../src/ports/event-queue.js';
import { replaceGroup } from '../src/events/group-replacement.js';
import { GraphReadError } from '../src/ports/graph-read-error.js';

const config = getConfig();

/** Scans Graph for a queued `BulkAssign.GroupReplaced` event and records its job. */
async function replaceGroupHandler(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseGroupReplacementMessage(message);
  if (!parsed.ok) {
    context.error(`replace-group: dropped an unreadable message (${parsed.reason})`);
    return;
  }
  const { event } = parsed.message;
  try {
    const outcome = await replaceGroup(getServices(), parsed.message);
    if (outcome.kind === 'continued') {
      context.log(`replace-group ${event.id}: the inventory scan goes on in the next invocation`);
      return;
    }
    const { job, created, skipped } = outcome;
    context.log(`replace-group ${event.id}: ${created ? 'recorded' : 'found'} job ${job.jobId} of ${job.counts.total} item(s)`);
    if (skipped.length > 0) context.warn(`replace-group ${event.id}: left ${skipped.length} assignment(s) as they are ${JSON.stringify({ skipped })}`);
  } catch (error) {
    // Refused reads (permissions) do not change on retry; throttling and outages do.
    if (!(error instanceof GraphReadError) || error.retryable) throw error;
    context.error(`replace-group ${event.id}: not applied: ${error.message}`);
  }
}

app.storageQueue('replace-group', {
  queueName: config.names.eventsQueue,
  connection: 'AzureWebJobsStorage',
  handler: replaceGroupHandler,
});
