/**
 * Queue messages as the Functions host sees them. It decodes base64 by default (host.json
 * `messageEncoding`), so every sender encodes JSON that way, and it hands a handler JSON it could
 * parse as an object and anything else as text, so text is parsed here once for every reader.
 */
export function encodeQueuePayload(message: unknown): string {
  return Buffer.from(JSON.stringify(message), 'utf8').toString('base64');
}

export function decodeQueuePayload(input: unknown): { ok: true; value: unknown } | { ok: false; reason: 'message is not JSON' } {
  if (typeof input !== 'string') return { ok: true, value: input };
  try {
    return { ok: true, value: JSON.parse(input) };
  } catch {
    return { ok: false, reason: 'message is not JSON' };
  }
}
