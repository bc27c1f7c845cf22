import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problemResponse } from './problem-response.js';

export type RouteIdResult = { ok: true; value: string } | { ok: false; response: HttpResponseInit };

/**
 * Ids the service issues: job ids are UUIDs, reconciliation ids a timestamp and hex. Anything
 * else cannot name a record, and some of it (a '/' after decoding, very long text) would be
 * refused by Table storage as a key: refused here, before any storage call.
 */
const ROUTE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Reads a path parameter that names a record (`jobId`, `reconciliationId`); 400 when it cannot be one. */
export function readRouteId(request: HttpRequest, name: string): RouteIdResult {
  return checkId(name, request.params[name] ?? '');
}

/** Reads an optional query parameter that names a record or a caller (`submittedBy`); 400 when it cannot be one. */
export function readQueryId(request: HttpRequest, name: string): RouteIdResult | { ok: true; value: undefined } {
  const value = request.query.get(name);
  return value === null ? { ok: true, value: undefined } : checkId(name, value);
}

function checkId(name: string, value: string): RouteIdResult {
  if (ROUTE_ID.test(value)) return { ok: true, value };
  const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value);
  return {
    ok: false,
    response: problemResponse(400, 'invalid-request', `Invalid ${name}`, `${name} must be 1-128 letters, digits, '-' or '_'; got ${shown}.`, {
      errors: [{ field: name, message: "must be 1-128 letters, digits, '-' or '_'" }],
    }),
  };
}
