/** One event of a delivery, Event Grid schema or CloudEvents, as it arrived. */
export type EventGridPayloadEvent = Readonly<Record<string, unknown>>;

/** The events of a `Notification` delivery, or why the body cannot be delivered. */
export type ParsedEventGridEvents =
  | { readonly ok: true; readonly events: readonly EventGridPayloadEvent[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the body of an Event Grid `Notification` delivery the way the Event Grid extension does:
 * a JSON array is a batch (Event Grid schema, or a CloudEvents batch sent as
 * `application/cloudevents-batch+json`) and a JSON object is one structured CloudEvent
 * (`application/cloudevents+json`). Like the extension, the content type is not consulted, so
 * both schemas work whatever the sender declares, and an empty array delivers nothing.
 *
 * The extension fails with an unhandled error (a 500, which Event Grid retries) on a body that
 * is not JSON, and binds each event as a JSON object, failing that invocation otherwise. Event
 * Grid never sends either, so locally they are refused up front with the reason instead.
 */
export function parseEventGridEvents(text: string): ParsedEventGridEvents {
  let parsed: unknown;
  try {
    // .NET's reader drops a UTF-8 byte order mark; JSON.parse would reject it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }

  if (!Array.isArray(parsed) && !isJsonObject(parsed)) {
    return { ok: false, reason: 'The request body must be a JSON array of events or a single CloudEvent object' };
  }
  const events: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const notAnObject = events.findIndex((event) => !isJsonObject(event));
  if (notAnObject >= 0) {
    return { ok: false, reason: `Event ${notAnObject} of the request body is not a JSON object` };
  }
  return { ok: true, events: events as EventGridPayloadEvent[] };
}

function isJsonObject(value: unknown): value is EventGridPayloadEvent {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
