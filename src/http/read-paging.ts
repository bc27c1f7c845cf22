import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problemResponse } from './problem-response.js';

export type PagingResult =
  | { ok: true; value: { limit: number; continuationToken?: string } }
  | { ok: false; response: HttpResponseInit };

const MAX_LIMIT = 1000;

/** Reads `limit` (1-1000) and `continuationToken` from the query string. */
export function readPaging(request: HttpRequest, defaultLimit: number): PagingResult {
  const rawLimit = request.query.get('limit');
  const limit = rawLimit === null ? defaultLimit : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { ok: false, response: problemResponse(400, 'invalid-request', 'Invalid limit', `limit must be a whole number from 1 to ${MAX_LIMIT}, got '${rawLimit}'.`) };
  }
  const token = request.query.get('continuationToken');
  // Tokens are base64 text; anything else was never issued (the store checks the rest).
  if (token !== null && (token.length === 0 || token.length > 2048 || !/^[A-Za-z0-9+/=_-]+$/.test(token))) {
    return { ok: false, response: problemResponse(400, 'invalid-request', 'Invalid continuationToken', 'continuationToken must be the value a previous page returned.') };
  }
  return { ok: true, value: { limit, ...(token ? { continuationToken: token } : {}) } };
}
