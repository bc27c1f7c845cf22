import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { handleEvent, prepareEvent } from '../src/events/handle-events.js';
import { parseEventGridTriggerEvent } from '../src/events/parse-event-delivery.js';

/**
 * One event from an Event Grid subscription (either schema). A malformed event or one no rule
 * knows is logged and completed: redelivery cannot fix it. A storage failure fails the
 * invocation, so Event Grid delivers the event again; the job it makes is made once.
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
  // Event Grid's own delivery: the platform authenticated it; no caller token to record.
  const outcome = await handleEvent(services, event, prepared, null);
  const job = 'job' in outcome ? ` job ${outcome.job.jobId}` : outcome.kind === 'accepted' ? ` job ${outcome.jobId} once scanned` : '';
  context.log(`receive-event-grid-event ${event.id} (${event.type}): ${outcome.kind}${job}`);
}

app.eventGrid('receive-event-grid-event', { handler: receiveEventGridEvent });
