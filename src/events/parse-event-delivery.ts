import { describeJsonValue, isPlainObject } from '../validation/json-checks.js';
import { ErrorList, type FieldError, fieldPath, type ReportError } from '../validation/field-errors.js';
import { checkCloudEvent, checkEventGridEvent, checkSubscriptionValidation, SUBSCRIPTION_VALIDATION_EVENT_TYPE, detectEventSchema, EVENT_LIMITS } from './event-envelopes.js';
import type { EventSchema, IncomingEvent } from '../model/incoming-event.js';

export type { FieldError } from '../validation/field-errors.js';
export type { EventSchema, IncomingEvent } from '../model/incoming-event.js';
export { EVENT_LIMITS } from './event-envelopes.js';
export { SUBSCRIPTION_VALIDATION_EVENT_TYPE } from './event-envelopes.js';

/** What the HTTP layer hands over from `POST /api/events`. */
export interface EventDeliveryRequest {
  /** The `Content-Type` header, parameters included; absent is read as `application/json`. */
  readonly contentType: string | undefined;
  /** The `aeg-event-type` header Event Grid sets on every webhook request. */
  readonly aegEventType: string | undefined;
  /** The body, already parsed as JSON. */
  readonly body: unknown;
}

export type EventDelivery =
  /** Event Grid's handshake: answer `200 { "validationResponse": validationCode }`. */
  | { readonly kind: 'validation'; readonly validationCode: string; readonly validationUrl?: string }
  /** Every event valid; possibly none, as an empty batch is valid in both formats. */
  | { readonly kind: 'events'; readonly events: readonly IncomingEvent[] }
  /** Nothing is accepted when anything is wrong: a delivery is taken whole or not at all. */
  | { readonly kind: 'invalid'; readonly errors: FieldError[] };

export interface EventDeliveryOptions {
  /** Most events in one delivery. @default EVENT_LIMITS.maxEventsPerDelivery (100) */
  readonly maxEvents?: number;
}

/** How the body is framed, from the content type. */
type Framing = 'structured' | 'batch' | 'json';

const CONTENT_TYPES: ReadonlyMap<string, Framing> = new Map([
  ['application/cloudevents+json', 'structured'],
  ['application/cloudevents-batch+json', 'batch'],
  ['application/json', 'json'],
]);
const CONTENT_TYPE_FIELD = fieldPath('headers', 'content-type');
const AEG_FIELD = fieldPath('headers', 'aeg-event-type');
const SCHEMA_NAMES: Readonly<Record<EventSchema, string>> = { cloudEvents: 'a CloudEvent', eventGrid: 'an Event Grid event' };
const NEITHER =
  'is neither a CloudEvent (it has no specversion) nor an Event Grid event (it has no eventType); ' +
  'CloudEvents must be sent in structured mode, attributes in the body';

/**
 * Parses what a system (or Event Grid) posted to the events webhook.
 *
 * - `application/cloudevents+json`: one CloudEvent (structured mode).
 * - `application/cloudevents-batch+json`: an array of CloudEvents.
 * - `application/json` (or no content type): an array of Event Grid events, a single Event Grid
 *   event, or the same with CloudEvents; the schema is told by `specversion` versus
 *   `eventType`/`dataVersion`, and one delivery must not mix them.
 *
 * Errors name each event by its position, `events[0]` for a lone object too, so the sender reads
 * one shape whatever it sent. Header problems are named `headers["content-type"]` and
 * `headers["aeg-event-type"]`; problems with the body as a whole are named `''`.
 *
 * @throws RangeError when `maxEvents` is not a positive integer (configuration, not input).
 */
export function parseEventDelivery(request: EventDeliveryRequest, options: EventDeliveryOptions = {}): EventDelivery {
  const maxEvents = options.maxEvents ?? EVENT_LIMITS.maxEventsPerDelivery;
  if (!Number.isSafeInteger(maxEvents) || maxEvents < 1) {
    throw new RangeError(`options.maxEvents must be a positive integer, got ${String(maxEvents)}`);
  }
  const errors = new ErrorList();
  const report = errors.reporter();
  const framing = readContentType(request.contentType, report);
  const aeg = readAegEventType(request.aegEventType, report);
  // The body's framing depends on the content type; guessing past a wrong one would only
  // produce errors that mislead.
  const list = framing === undefined ? undefined : eventList(request.body, framing, maxEvents, report);
  if (list === undefined) return invalid(errors);

  const events: Array<{ index: number; event: IncomingEvent }> = [];
  const validations: number[] = [];
  let first: { schema: EventSchema; index: number } | undefined;
  list.forEach((value: unknown, index) => {
    const field = fieldPath('events', index);
    const note = errors.reporter(index);
    if (!isPlainObject(value)) {
      note(field, `must be an event object, got ${describeJsonValue(value)}`);
      return;
    }
    const schema = detectEventSchema(value);
    if (schema === undefined) {
      note(field, NEITHER);
      return;
    }
    if (framing !== 'json' && schema !== 'cloudEvents') {
      note(field, `is an Event Grid event, but the content type ${request.contentType ?? ''} announces CloudEvents`);
      return;
    }
    if (first && schema !== first.schema) {
      note(field, `is ${SCHEMA_NAMES[schema]} but events[${first.index}] is ${SCHEMA_NAMES[first.schema]}; one delivery holds one schema`);
    }
    first ??= { schema, index };
    if (schema === 'eventGrid' && value.eventType === SUBSCRIPTION_VALIDATION_EVENT_TYPE) validations.push(index);
    const event = schema === 'cloudEvents' ? checkCloudEvent(value, field, note) : checkEventGridEvent(value, field, note);
    if (event) events.push({ index, event });
  });

  if (validations.length > 0) return validationHandshake(list, validations, aeg, errors);
  if (aeg === 'SubscriptionValidation') {
    report(AEG_FIELD, `is SubscriptionValidation but the body holds no ${SUBSCRIPTION_VALIDATION_EVENT_TYPE}`);
  }
  refuseRepeatedEvents(events, errors);
  if (errors.count > 0) return invalid(errors);
  return { kind: 'events', events: Object.freeze(events.map((e) => e.event)) };
}

function invalid(errors: ErrorList): EventDelivery {
  return { kind: 'invalid', errors: errors.toArray() };
}

function readContentType(header: string | undefined, report: ReportError): Framing | undefined {
  // Parameters such as charset are ignored: the body has been parsed as JSON already.
  const mediaType = (header ?? '').split(';')[0]?.trim().toLowerCase() || 'application/json';
  const framing = CONTENT_TYPES.get(mediaType);
  if (framing === undefined) {
    report(CONTENT_TYPE_FIELD, `must be one of ${[...CONTENT_TYPES.keys()].join(', ')}; got ${describeJsonValue(header)}`);
  }
  return framing;
}

type AegEventType = 'Notification' | 'SubscriptionValidation' | 'absent';

/** Read case-insensitively: the value is Event Grid's, and nothing is gained by being strict. */
function readAegEventType(header: string | undefined, report: ReportError): AegEventType | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '') return 'absent';
  if (value === 'notification') return 'Notification';
  if (value === 'subscriptionvalidation') return 'SubscriptionValidation';
  report(AEG_FIELD, `must be Notification or SubscriptionValidation when present; got ${describeJsonValue(header)}`);
  return undefined;
}

function eventList(body: unknown, framing: Framing, maxEvents: number, report: ReportError): readonly unknown[] | undefined {
  let list: readonly unknown[] | undefined;
  if (framing === 'structured') {
    if (Array.isArray(body)) {
      report('', 'is an array, but application/cloudevents+json carries one event; send a batch as application/cloudevents-batch+json');
    } else if (!isPlainObject(body)) report('', `must be a CloudEvent object, got ${describeJsonValue(body)}`);
    else list = [body];
  } else if (framing === 'batch') {
    if (Array.isArray(body)) list = body;
    else report('', `must be an array of CloudEvents for application/cloudevents-batch+json, got ${describeJsonValue(body)}`);
  } else if (Array.isArray(body)) list = body;
  else if (isPlainObject(body)) list = [body];
  else report('', `must be an event object or an array of events, got ${describeJsonValue(body)}`);
  if (list !== undefined && list.length > maxEvents) {
    // Refused before looking at the events: checking thousands only to refuse them would let
    // one request occupy the service.
    report('', `has ${list.length} events; at most ${maxEvents} are accepted in one delivery`);
    return undefined;
  }
  return list;
}

/**
 * Event Grid sends the validation event alone, with `aeg-event-type: SubscriptionValidation`.
 * A request without the header is still answered, so the handshake can be replayed by hand;
 * one whose header says `Notification` is not, because the two cannot both be true.
 */
function validationHandshake(
  list: readonly unknown[],
  validations: readonly number[],
  aeg: AegEventType | undefined,
  errors: ErrorList,
): EventDelivery {
  if (list.length > 1) {
    for (const index of validations) {
      errors.reporter(index)(
        `events[${index}].eventType`,
        'is a subscription validation event, which Event Grid sends alone; it cannot share a delivery with other events',
      );
    }
  }
  if (aeg === 'Notification') errors.reporter()(AEG_FIELD, 'is Notification but the body is a subscription validation event');
  const index = validations[0] as number;
  const event = list[index] as Record<string, unknown>;
  const validation = checkSubscriptionValidation(event.data, `events[${index}].data`, errors.reporter(index));
  if (errors.count > 0 || validation === undefined) return invalid(errors);
  return { kind: 'validation', ...validation };
}

/**
 * CloudEvents 1.0: `source` and `id` together identify an event, and a consumer may treat a
 * repeat as a duplicate. Within one delivery a repeat is a sender's mistake, and accepting it
 * would queue the same job twice or silently drop one of two different payloads.
 */
function refuseRepeatedEvents(events: ReadonlyArray<{ index: number; event: IncomingEvent }>, errors: ErrorList): void {
  const first = new Map<string, number>();
  for (const { index, event } of events) {
    const key = JSON.stringify([event.source, event.id]);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else {
      const idName = event.schema === 'eventGrid' ? 'id and topic' : 'id and source';
      errors.reporter(index)(`events[${index}].id`, `repeats the ${idName} of events[${earlier}]; each event of a delivery must be distinct`);
    }
  }
}

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
