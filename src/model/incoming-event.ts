/** The two event formats `POST /api/events` and the Event Grid trigger accept. */
export type EventSchema = 'cloudEvents' | 'eventGrid';

/**
 * One event, in the same shape whichever format it arrived in, so that rules and built-in
 * handlers never need to know which schema the sender used.
 *
 * Mapping from the Event Grid schema: `source` is `topic`, `type` is `eventType`, `time` is
 * `eventTime`. A system posting Event Grid events straight to the webhook may leave `topic` out
 * (Event Grid itself stamps it on delivery); `source` is then `''`, which a rule's `source`
 * never matches, because a rule naming a source means to trust that sender only.
 */
export interface IncomingEvent {
  readonly schema: EventSchema;
  /** Non-empty; with `source`, names the event uniquely (CloudEvents 1.0, "id"). */
  readonly id: string;
  /** CloudEvents `source`, Event Grid `topic`, or `''` for an Event Grid event without topic. */
  readonly source: string;
  /** CloudEvents `type`, Event Grid `eventType`; compared exactly and case-sensitively. */
  readonly type: string;
  /** Absent when a CloudEvent has none; an Event Grid event always has one, possibly `''`. */
  readonly subject?: string;
  /** RFC 3339 timestamp as sent: CloudEvents `time` (optional), Event Grid `eventTime`. */
  readonly time?: string;
  /** The event's JSON data as parsed; `undefined` when the event carries none. */
  readonly data: unknown;
}
