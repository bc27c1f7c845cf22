import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a request carries the host key, in `x-functions-key` or the `code` query parameter
 * as Azure accepts its master and system keys. Compared in constant time.
 */
export function carriesHostKey(key: string, header: string | string[] | undefined, query: URLSearchParams): boolean {
  const given = (Array.isArray(header) ? header[0] : header) ?? query.get('code') ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return given !== '' && timingSafeEqual(digest(given), digest(key));
}
