import { statusCodeOf } from '../shared/status-code-of.js';
import { InvalidPageTokenError } from '../ports/invalid-page-token-error.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * Table storage hands out the next keys in an encoded form of its own (`1!12!cmVjZW50` in Azure,
 * base64 in Azurite), never the keys themselves: only their alphabet can be checked here.
 */
const NEXT_KEY = /^[A-Za-z0-9!*+/=_.-]{1,1024}$/;

/**
 * Reads one page of a Table listing, from a caller's continuation token when there is one.
 * The token is checked before the SDK decodes it (which would throw a bare `SyntaxError` on
 * anything else), and storage refusing the request (400) can only be the token's fault, since
 * the rest of the query is the service's own: both answer `InvalidPageTokenError`.
 */
export async function readTablePage<T extends object>(
  listing: { byPage(settings: { maxPageSize?: number; continuationToken?: string }): AsyncIterableIterator<T[]> },
  query: { readonly limit: number; readonly continuationToken?: string | undefined },
): Promise<{ rows: T[]; continuationToken: string | undefined }> {
  const token = query.continuationToken;
  try {
    const pages = listing.byPage({ maxPageSize: query.limit, ...(token ? { continuationToken: checkTablePageToken(token) } : {}) });
    const { value } = await pages.next();
    const rows = (value ?? []) as T[] & { continuationToken?: string };
    return { rows, continuationToken: rows.continuationToken };
  } catch (error) {
    if (token && statusCodeOf(error) === 400) throw new InvalidPageTokenError();
    throw error;
  }
}

/**
 * The shape `@azure/data-tables` issues: base64 of `{"nextPartitionKey", "nextRowKey"?}`.
 * Returns the token unchanged, or throws `InvalidPageTokenError`.
 */
export function checkTablePageToken(token: string): string {
  if (token.length > 4096 || !BASE64.test(token) || token.length % 4 !== 0) throw new InvalidPageTokenError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new InvalidPageTokenError();
  const { nextPartitionKey, nextRowKey, ...rest } = decoded as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof nextPartitionKey !== 'string' || !NEXT_KEY.test(nextPartitionKey)) throw new InvalidPageTokenError();
  if (nextRowKey !== undefined && (typeof nextRowKey !== 'string' || !NEXT_KEY.test(nextRowKey))) throw new InvalidPageTokenError();
  return token;
}
