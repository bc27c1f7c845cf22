import type { IncomingHttpHeaders } from 'node:http';
import type { RpcHttpData, RpcNullableString, RpcTypedData } from './core-api-types.js';

/** What the host knows about an incoming request once routing is done and the body is read. */
export interface IncomingHttpCall {
  readonly method: string;
  /** Absolute URL as the client used it, query included. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: URLSearchParams;
  readonly routeValues: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * Builds the `RpcHttp` trigger data the host sends to a worker announcing `RpcHttpBodyOnly`,
 * `RawHttpBodyBytes` and `UseNullableValueDictionaryForHttp` (the Node.js worker does):
 * header names lower-cased, repeated values joined with commas, headers/query/route values as
 * `nullable*` maps, the body as raw bytes and `rawBody` left unset.
 */
export function toRpcHttpRequest(call: IncomingHttpCall): RpcTypedData {
  const nullableHeaders: Record<string, RpcNullableString> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (value === undefined) continue;
    nullableHeaders[name.toLowerCase()] = { value: Array.isArray(value) ? value.join(',') : value };
  }

  const nullableQuery: Record<string, RpcNullableString> = {};
  for (const key of new Set(call.query.keys())) {
    nullableQuery[key] = { value: call.query.getAll(key).join(',') };
  }

  const nullableParams: Record<string, RpcNullableString> = {};
  for (const [key, value] of Object.entries(call.routeValues)) {
    nullableParams[key] = { value };
  }

  const http: RpcHttpData = {
    method: call.method.toUpperCase(),
    url: call.url,
    nullableHeaders,
    nullableQuery,
    nullableParams,
  };
  // Bytes, not `json`/`string`: the library's HttpRequest only reads `body.bytes` or
  // `body.string` (a `json` body would be dropped) and builds a fetch Request from it, which also
  // drops any GET/HEAD body. The host only fills the body when there is one. It checks Content-Length; a chunked body has
  // none, which would drop it, so the local host goes by the bytes actually received instead.
  if (call.body.length > 0) {
    http.body = { bytes: new Uint8Array(call.body.buffer, call.body.byteOffset, call.body.byteLength) };
  }
  return { http };
}
