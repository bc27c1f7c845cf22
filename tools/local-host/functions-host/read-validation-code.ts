/** The code to echo in a subscription validation handshake, or why none was found. */
export type ValidationCodeResult = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly reason: string };

/**
 * Finds the `validationCode` of a `SubscriptionValidation` delivery where the Event Grid extension
 * looks for it: in an array (Event Grid schema) in the first event's `data`; in a single object
 * (a CloudEvent) in its `data`, which Event Grid sends JSON-encoded a second time, so a string
 * `data` is parsed again. The extension fails with an unhandled error when the code is missing;
 * locally the reason is returned instead.
 */
export function readValidationCode(text: string): ValidationCodeResult {
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }

  let data = Array.isArray(body) ? propertyOf(body[0], 'data') : propertyOf(body, 'data');
  if (!Array.isArray(body) && typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      data = undefined;
    }
  }
  const code = propertyOf(data, 'validationCode');
  // The extension takes the token's text, so a numeric code is echoed as its digits.
  if (typeof code === 'string' || typeof code === 'number') return { ok: true, code: String(code) };
  return { ok: false, reason: 'A SubscriptionValidation request must carry data.validationCode' };
}

function propertyOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
