import { checkString, describeJsonValue } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { findForbiddenKeys, FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { checkTimestamp } from './check-timestamp.js';
import { EVENT_LIMITS } from './event-limits.js';
import type { IncomingEvent } from '../model/incoming-event.js';

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
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
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
  if (failed || id === undefined || source === undefined || type === undefined) return undefined;

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
