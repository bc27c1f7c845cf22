/**
 * A queue message as a value: the Functions host hands over JSON it could parse as an object and
 * anything else as text, so text is parsed here once for every queue's reader.
 */
export function decodeQueuePayload(input: unknown): { ok: true; value: unknown } | { ok: false; reason: 'message is not JSON' } {
  if (typeof input !== 'string') return { ok: true, value: input };
  try {
    return { ok: true, value: JSON.parse(input) };
  } catch {
    return { ok: false, reason: 'message is not JSON' };
  }
}
