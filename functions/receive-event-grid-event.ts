import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { handleEvent } from '../src/events/handle-event.js';
import { GraphReadError } from '../src/graph/graph-read-error.js';
import { parseEventGridTriggerEvent } from '../src/events/parse-event-grid-trigger-event.js';
import { prepareEvent } from '../src/events/prepare-event.js';

/**
 * One event from an Event Grid subscription (either schema). A malformed event or one no rule
 * knows is logged and completed: redelivery cannot fix it, and neither can it fix Graph refusing
 * the reads. When Graph is throttled or unavailable the invocation fails, so Event Grid delivers
 * the event again; the job it makes is made once.
 */
async function receiveEventGridEvent(input: EventGridEvent, context: InvocationContext): Promise<void> {
  const services = getServices();
  const parsed = parseEventGridTriggerEvent(input);
  if (!parsed.ok) {
    context.error(`receive-event-grid-event: refused a malformed event ${JSON.stringify({ errors: parsed.errors })}`);
    return;
  }
  const { event } = parsed;
  const prepared = prepareEvent(event, services.eventRules, services.limits);
  if (prepared.kind === 'invalid') {
    context.error(`receive-event-grid-event: refused event ${event.id} of type ${event.type} ${JSON.stringify({ errors: prepared.errors })}`);
    return;
  }
  let outcome;
  try {
    outcome = await handleEvent(services, event, prepared);
  } catch (error) {
    // Graph refused the reads (permissions, an answer that cannot be followed): redelivering for
    // a day would not change that. Throttling and outages rethrow, so Event Grid delivers again.
    if (!(error instanceof GraphReadError) || error.retryable) throw error;
    context.error(`receive-event-grid-event: event ${event.id} not applied: ${error.message}`);
    return;
  }
  const job = 'job' in outcome ? ` job ${outcome.job.jobId}` : '';
  context.log(`receive-event-grid-event ${event.id} (${event.type}): ${outcome.kind}${job}`);
  if (outcome.kind === 'jobCreated' && outcome.skipped.length > 0) {
    context.warn(`receive-event-grid-event ${event.id}: left ${outcome.skipped.length} assignment(s) as they are ${JSON.stringify({ skipped: outcome.skipped })}`);
  }
}

app.eventGrid('receive-event-grid-event', { handler: receiveEventGridEvent });
