import { checkObjectKeys, checkString, describeJsonValue, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { findForbiddenKeys } from '../validation/forbidden-keys.js';
import { checkTimestamp } from './check-timestamp.js';
import { EVENT_LIMITS } from './event-limits.js';
import type { IncomingEvent } from '../model/incoming-event.js';

/** Every property of the Event Grid schema; the schema is not extensible. */
const EVENT_GRID_KEYS = ['id', 'topic', 'subject', 'eventType', 'eventTime', 'data', 'dataVersion', 'metadataVersion'];
const MAX = EVENT_LIMITS.maxAttributeLength;
const REQUEST = NULL_VALUE_MESSAGES.request;
const FORBIDDEN = 'is a forbidden key: __proto__, constructor and prototype are refused';

/**
 * Checks one event in the Event Grid schema and returns it as an {@link IncomingEvent}, or
 * reports every problem and returns `undefined`.
 *
 * Required, as Event Grid documents for publishers: `id`, `subject`, `eventType`, `eventTime`.
 * `subject` may be empty (Event Grid's own validation event has `""`). `topic`, `dataVersion`
 * and `metadataVersion` are optional because Event Grid stamps them on delivery and a system
 * posting directly may leave them out; `data` is optional in the schema too. `metadataVersion`,
 * when present, must be `"1"`, the only version Event Grid defines.
 *
 * @param field Path of the event in error messages (`events[2]`), or `''` for a lone event.
 */
export function checkEventGridEvent(
  event: Readonly<Record<string, unknown>>,
  field: string,
  report: ReportError,
): IncomingEvent | undefined {
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  const at = (name: string) => fieldPath(field, name);
  for (const path of findForbiddenKeys(event)) note(path.reduce<string>(fieldPath, field), FORBIDDEN);
  checkObjectKeys(event, EVENT_GRID_KEYS, field, note, 'an Event Grid event');

  const id = checkString(event.id, at('id'), note, { required: true, nonBlank: true, maxLength: MAX, nullMessage: REQUEST });
  const topic = checkString(event.topic, at('topic'), note, { maxLength: MAX, nullMessage: REQUEST });
  const subject = checkString(event.subject, at('subject'), note, { required: true, maxLength: MAX, nullMessage: REQUEST });
  const type = checkString(event.eventType, at('eventType'), note, {
    required: true,
    nonBlank: true,
    maxLength: MAX,
    nullMessage: REQUEST,
  });
  const time = checkEventTime(event.eventTime, at('eventTime'), note);
  checkString(event.dataVersion, at('dataVersion'), note, { maxLength: MAX, nullMessage: REQUEST });
  if (event.metadataVersion !== undefined && event.metadataVersion !== '1') {
    note(at('metadataVersion'), `must be "1" (or be left out); got ${describeJsonValue(event.metadataVersion)}`);
  }
  if (failed || id === undefined || subject === undefined || type === undefined || time === undefined) return undefined;

  return Object.freeze({ schema: 'eventGrid', id, source: topic ?? '', type, subject, time, data: event.data });
}

function checkEventTime(value: unknown, field: string, report: ReportError): string | undefined {
  if (value === undefined) {
    report(field, 'is required: an RFC 3339 timestamp such as "2026-01-31T09:30:00Z"');
    return undefined;
  }
  if (value === null) {
    report(field, REQUEST);
    return undefined;
  }
  return checkTimestamp(value, field, report);
}
