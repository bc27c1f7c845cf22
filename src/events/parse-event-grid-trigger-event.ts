import { describeJsonValue, isPlainObject } from '../validation/json-checks.js';
import { ErrorList, type FieldError } from '../validation/field-errors.js';
import { checkCloudEvent } from './check-cloud-event.js';
import { checkEventGridEvent } from './check-event-grid-event.js';
import { SUBSCRIPTION_VALIDATION_EVENT_TYPE } from './check-subscription-validation.js';
import { detectEventSchema } from './detect-event-schema.js';
import type { IncomingEvent } from '../model/incoming-event.js';

/**
 * Parses the event an `app.eventGrid` function is invoked with: one object, in the Event Grid
 * schema or as a CloudEvent, whichever the subscription delivers. Checks are the same as for
 * the webhook; errors name fields without a position (`eventType`, `data`), since there is one
 * event.
 *
 * A subscription validation event is refused: the trigger answers the handshake itself, so one
 * reaching the function is not Event Grid's and must not be mistaken for a job.
 */
export function parseEventGridTriggerEvent(value: unknown): { ok: true; event: IncomingEvent } | { ok: false; errors: FieldError[] } {
  const errors = new ErrorList();
  const report = errors.reporter();
  if (!isPlainObject(value)) {
    report('', `must be an event object, got ${describeJsonValue(value)}`);
    return { ok: false, errors: errors.toArray() };
  }
  const schema = detectEventSchema(value);
  if (schema === undefined) {
    report('', 'is neither a CloudEvent (it has no specversion) nor an Event Grid event (it has no eventType)');
    return { ok: false, errors: errors.toArray() };
  }
  if (schema === 'eventGrid' && value.eventType === SUBSCRIPTION_VALIDATION_EVENT_TYPE) {
    report('eventType', 'is a subscription validation event, which the Event Grid trigger answers itself; it is never a job');
  }
  const event = schema === 'cloudEvents' ? checkCloudEvent(value, '', report) : checkEventGridEvent(value, '', report);
  if (errors.count > 0 || event === undefined) return { ok: false, errors: errors.toArray() };
  return { ok: true, event };
}
