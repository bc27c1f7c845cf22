/** The result of turning a queue message's text into the trigger payload. */
export type DecodedQueueMessage = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/**
 * Decodes a message the way the Storage extension's queue client does for
 * `messageEncoding`: `none` takes the text as-is; `base64` requires strict Base64 (as .NET's
 * `Convert.FromBase64String`: whitespace ignored, length a multiple of 4, padding only at the end)
 * and reads the bytes as UTF-8. Node's own decoder silently skips bad characters, so it cannot be
 * used to detect a message that Azure would reject.
 */
export function decodeQueueMessage(raw: string, encoding: 'base64' | 'none'): DecodedQueueMessage {
  if (encoding === 'none') return { ok: true, text: raw };
  const compact = raw.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    return { ok: false, reason: 'The message is not valid Base64 (host.json extensions.queues.messageEncoding is "base64")' };
  }
  return { ok: true, text: Buffer.from(compact, 'base64').toString('utf8') };
}
