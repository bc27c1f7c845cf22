import { checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';

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
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
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
  if (failed || code === undefined) return undefined;
  return Object.freeze({ validationCode: code, ...(url === undefined ? {} : { validationUrl: url }) });
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}
