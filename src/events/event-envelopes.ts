import type { EventSchema, IncomingEvent } from '../model/incoming-event.js';
import { describeJsonValue, checkString, checkObjectKeys, NULL_VALUE_MESSAGES, isPlainObject } from '../validation/json-checks.js';
import { type ReportError, fieldPath, noting } from '../validation/field-errors.js';
import { findForbiddenKeys, FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';

/**
 * Bounds on what one delivery may carry.
 *
 * Events per delivery: Event Grid sends one event per webhook request unless the subscription
 * turns batching on, and then up to the subscription's "max events per batch" (1 to 5,000,
 * 1 MB at most). A job is queued per event, so a delivery of thousands would hold the request
 * open far longer than Event Grid's 30-second delivery timeout; 100 keeps a delivery well
 * inside it. Subscriptions that batch must set "max events per batch" to 100 or less.
 *
 * Attribute length: neither schema bounds `id`, `source`, `type` or `subject`, but each ends up
 * in storage keys, logs and error messages; 1,024 characters is far beyond any real value
 * (Azure resource ids of topics run to a few hundred).
 */
export const EVENT_LIMITS = Object.freeze({
  maxEventsPerDelivery: 100,
  maxAttributeLength: 1024,
});

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

/**
 * RFC 3339 `date-time`: full date, `T`, full time with optional fraction of any length (Event
 * Grid sends seven digits), and `Z` or a numeric offset. Lower-case `t` and `z` are allowed, as
 * RFC 3339 section 5.6 says; the space separator it also mentions is not part of the grammar.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Checks an RFC 3339 timestamp. `Date.parse` is not used for this: it accepts many other
 * shapes and rolls invalid dates over (February 30th becomes March 2nd).
 *
 * @returns the string as given when it is valid; `undefined` when it was reported.
 */
export function checkTimestamp(value: unknown, field: string, report: ReportError): string | undefined {
  if (typeof value !== 'string') {
    report(field, `must be an RFC 3339 timestamp string such as "2026-01-31T09:30:00Z", got ${describeJsonValue(value)}`);
    return undefined;
  }
  const match = DATE_TIME.exec(value);
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = (match ?? []).slice(1).map(Number);
  const valid =
    match !== null &&
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    // 60 is a leap second, which RFC 3339 allows.
    second! <= 60 &&
    (match[7] === undefined || (offsetHour! <= 23 && offsetMinute! <= 59));
  if (!valid) {
    report(field, `must be an RFC 3339 timestamp such as "2026-01-31T09:30:00Z", got ${describeJsonValue(value)}`);
    return undefined;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Computed rather than taken from `Date.UTC`, which reads years 0 to 99 as 1900 to 1999. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Members of a structured CloudEvent that are not extension attributes. */
const KNOWN_MEMBERS = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'datacontenttype',
  'dataschema',
  'subject',
  'time',
  'data',
  'data_base64',
]);
/** CloudEvents 1.0: attribute names are lower-case ASCII letters and digits only. */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
/** CloudEvents 1.0 "Integer": a signed 32-bit whole number. */
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
/** `application/json`, `text/json`, and any `type/subtype+json` (RFC 6839 suffix). */
const JSON_MEDIA_TYPE = /^(?:application\/json|text\/json|[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json)$/;
const MAX = EVENT_LIMITS.maxAttributeLength;
const FORBIDDEN = 'is a forbidden key: __proto__, constructor and prototype are refused';

/**
 * Checks one CloudEvents 1.0 event in the JSON format (structured mode) and returns it as an
 * {@link IncomingEvent}, or reports every problem and returns `undefined`.
 *
 * Per the JSON format, `null` in an attribute means the attribute is unset: it is accepted for
 * optional attributes and reported as missing for required ones. Only JSON data is accepted:
 * `data_base64` and a non-JSON `datacontenttype` are refused, since rules read into the data.
 *
 * @param field Path of the event in error messages (`events[2]`), or `''` for a lone event.
 */
export function checkCloudEvent(
  event: Readonly<Record<string, unknown>>,
  field: string,
  report: ReportError,
): IncomingEvent | undefined {
  const { note, failed } = noting(report);
  const at = (name: string) => fieldPath(field, name);
  for (const path of findForbiddenKeys(event)) note(path.reduce<string>(fieldPath, field), FORBIDDEN);

  const specversion = unsetIfNull(event.specversion);
  if (specversion === undefined) note(at('specversion'), 'is required: "1.0"');
  else if (specversion !== '1.0') {
    note(at('specversion'), `must be "1.0", the only CloudEvents version accepted; got ${describeJsonValue(specversion)}`);
  }
  const id = requiredAttribute(event.id, at('id'), note);
  const source = requiredAttribute(event.source, at('source'), note);
  const type = requiredAttribute(event.type, at('type'), note);
  const subject = optionalAttribute(event.subject, at('subject'), note);
  optionalAttribute(event.dataschema, at('dataschema'), note);
  const time = unsetIfNull(event.time) === undefined ? undefined : checkTimestamp(event.time, at('time'), note);
  checkDataContentType(unsetIfNull(event.datacontenttype), at('datacontenttype'), note);
  if (unsetIfNull(event.data_base64) !== undefined) {
    note(at('data_base64'), 'carries binary data, which is not accepted: send the data as JSON in "data"');
  }
  checkExtensions(event, field, note);
  if (failed() || id === undefined || source === undefined || type === undefined) return undefined;

  return Object.freeze({
    schema: 'cloudEvents',
    id,
    source,
    type,
    ...(subject === undefined ? {} : { subject }),
    ...(time === undefined ? {} : { time }),
    data: event.data,
  });
}

function unsetIfNull(value: unknown): unknown {
  return value === null ? undefined : value;
}

function requiredAttribute(value: unknown, field: string, report: ReportError): string | undefined {
  const rule = { required: true, nonBlank: true, maxLength: MAX, nullMessage: 'is required' };
  return checkString(unsetIfNull(value), field, report, rule);
}

/** Optional attributes that are present must be non-empty strings (CloudEvents 1.0). */
function optionalAttribute(value: unknown, field: string, report: ReportError): string | undefined {
  return checkString(unsetIfNull(value), field, report, { nonBlank: true, maxLength: MAX, nullMessage: 'is required' });
}

function checkDataContentType(value: unknown, field: string, report: ReportError): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    report(field, `must be a string, got ${describeJsonValue(value)}`);
    return;
  }
  const mediaType = (value.split(';')[0] ?? '').trim().toLowerCase();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    report(field, `must name JSON data (application/json or a +json type): only JSON data is accepted; got ${describeJsonValue(value)}`);
  }
}

/**
 * Extension attributes are allowed, as the specification requires, but must be well formed:
 * a misspelt core attribute (`ID`, `eventType`) fails the name rule here instead of passing
 * silently as an extension.
 */
function checkExtensions(event: Readonly<Record<string, unknown>>, field: string, report: ReportError): void {
  for (const name of Object.keys(event)) {
    if (KNOWN_MEMBERS.has(name) || FORBIDDEN_KEYS.has(name)) continue;
    const at = fieldPath(field, name);
    if (!ATTRIBUTE_NAME.test(name)) {
      report(at, 'is not a valid CloudEvents attribute name: names are lower-case letters a-z and digits only');
      continue;
    }
    const value = event[name];
    const valid =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (Number.isInteger(value) && (value as number) >= INT32.min && (value as number) <= INT32.max);
    if (!valid) {
      report(at, `is an extension attribute, so it must be a string, a boolean or a 32-bit integer; got ${describeJsonValue(value)}`);
    }
  }
}

/** Every property of the Event Grid schema; the schema is not extensible. */
const EVENT_GRID_KEYS = ['id', 'topic', 'subject', 'eventType', 'eventTime', 'data', 'dataVersion', 'metadataVersion'];
const REQUEST = NULL_VALUE_MESSAGES.request;

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
  const { note, failed } = noting(report);
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
  if (failed() || id === undefined || subject === undefined || type === undefined || time === undefined) return undefined;

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

/** `eventType` of the event Event Grid sends to a webhook to prove the subscriber owns it. */
export const SUBSCRIPTION_VALIDATION_EVENT_TYPE = 'Microsoft.EventGrid.SubscriptionValidationEvent';

/** Event Grid validation codes are GUIDs; anything much longer is not one. */
const MAX_CODE_LENGTH = 256;
/** Long enough for Event Grid's validation URLs, which carry a token in the query. */
const MAX_URL_LENGTH = 4096;

/** What the webhook needs to complete Event Grid's validation handshake. */
export interface SubscriptionValidation {
  /** Echoed back as `{ "validationResponse": validationCode }`. */
  readonly validationCode: string;
  /** The manual alternative (a GET on it); only ever an https URL. */
  readonly validationUrl?: string;
}

/**
 * Checks the `data` of a subscription validation event. Members other than the two read here
 * are ignored: Event Grid owns this payload and may add to it.
 *
 * `validationUrl` must be an https URL, because whoever reads it may be tempted to GET it; the
 * check keeps a forged validation event from pointing that GET anywhere but an https address.
 */
export function checkSubscriptionValidation(data: unknown, field: string, report: ReportError): SubscriptionValidation | undefined {
  if (!isPlainObject(data)) {
    report(field, `must be an object with validationCode, got ${describeJsonValue(data)}`);
    return undefined;
  }
  const { note, failed } = noting(report);
  const request = NULL_VALUE_MESSAGES.request;
  const code = checkString(data.validationCode, fieldPath(field, 'validationCode'), note, {
    required: true,
    nonBlank: true,
    maxLength: MAX_CODE_LENGTH,
    nullMessage: request,
  });
  const urlField = fieldPath(field, 'validationUrl');
  const url = checkString(data.validationUrl, urlField, note, { maxLength: MAX_URL_LENGTH, nullMessage: request });
  if (url !== undefined && !isHttpsUrl(url)) note(urlField, `must be an https URL, got ${describeJsonValue(url)}`);
  if (failed() || code === undefined) return undefined;
  return Object.freeze({ validationCode: code, ...(url === undefined ? {} : { validationUrl: url }) });
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}
