import type { EventSchema } from '../model/incoming-event.js';

/**
 * Tells the two formats apart by the member each one alone requires: CloudEvents 1.0 requires
 * `specversion`, which the Event Grid schema does not have; the Event Grid schema requires
 * `eventType` and documents `dataVersion`, which no CloudEvent carries (CloudEvents attribute
 * names are lower-case). `specversion` wins when both appear, so that a CloudEvent carrying a
 * stray `eventType` is told its attribute name is wrong rather than that it is an Event Grid
 * event missing half its properties.
 *
 * @returns `undefined` when the object has the markers of neither.
 */
export function detectEventSchema(event: Readonly<Record<string, unknown>>): EventSchema | undefined {
  if (Object.hasOwn(event, 'specversion')) return 'cloudEvents';
  if (Object.hasOwn(event, 'eventType') || Object.hasOwn(event, 'dataVersion')) return 'eventGrid';
  return undefined;
}
