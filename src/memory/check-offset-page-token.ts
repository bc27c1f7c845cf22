import { InvalidPageTokenError } from '../ports/invalid-page-token-error.js';

/** The offset a memory store's token stands for, within the listing's length; throws `InvalidPageTokenError` otherwise. */
export function checkOffsetPageToken(token: string, length: number): number {
  if (!/^\d{1,9}$/.test(token)) throw new InvalidPageTokenError();
  const offset = Number(token);
  if (offset > length) throw new InvalidPageTokenError();
  return offset;
}
