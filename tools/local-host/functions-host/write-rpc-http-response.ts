import type { ServerResponse } from 'node:http';
import type { RpcHttpCookie, RpcTypedData } from './core-api-types.js';

/**
 * Writes the HTTP output of an invocation to the client, as the host does with the `RpcHttp`
 * the worker returned: status, headers, `Set-Cookie` from the cookie list, body bytes as-is.
 * No HTTP output at all (the handler returned nothing) becomes 204, like an ASP.NET
 * `ObjectResult` with a null value.
 */
export function writeRpcHttpResponse(res: ServerResponse, output: RpcTypedData | null | undefined): void {
  const http = output?.http;
  if (!http) {
    if (output && hasValue(output)) {
      // A non-HTTP value bound to the HTTP output: the host serializes it as the body.
      writeBody(res, 200, toBuffer(output));
      return;
    }
    res.statusCode = 204;
    res.end();
    return;
  }

  // The library flattens the handler's fetch Headers into a plain map (so only the last
  // `Set-Cookie` header survives) and sends `cookies` separately; the body arrives as bytes.
  const status = Number.parseInt(http.statusCode ?? '', 10);
  for (const [name, value] of Object.entries(http.headers ?? {})) {
    try {
      res.setHeader(name, value);
    } catch {
      // Invalid header names/values are dropped rather than failing the whole response.
    }
  }
  const cookies = (http.cookies ?? []).map(serializeCookie);
  if (cookies.length > 0) {
    const existing = res.getHeader('set-cookie');
    const previous = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    res.setHeader('set-cookie', [...previous, ...cookies]);
  }
  writeBody(res, Number.isInteger(status) && status >= 100 && status <= 999 ? status : 200, toBuffer(http.body));
}

function writeBody(res: ServerResponse, status: number, body: Buffer): void {
  res.statusCode = status;
  // 204/304 and 1xx responses cannot carry a body.
  if (status === 204 || status === 304 || status < 200) {
    res.end();
    return;
  }
  if (!res.hasHeader('content-length')) res.setHeader('content-length', body.length);
  res.end(body);
}

function hasValue(data: RpcTypedData): boolean {
  return Object.values(data).some((v) => v !== undefined && v !== null);
}

function toBuffer(data: RpcTypedData | null | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  if (data.bytes) return Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  if (data.stream) return Buffer.from(data.stream.buffer, data.stream.byteOffset, data.stream.byteLength);
  if (typeof data.string === 'string') return Buffer.from(data.string, 'utf8');
  if (typeof data.json === 'string') return Buffer.from(data.json, 'utf8');
  if (typeof data.int === 'number') return Buffer.from(String(data.int));
  if (typeof data.double === 'number') return Buffer.from(String(data.double));
  return Buffer.alloc(0);
}

function serializeCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const seconds = cookie.expires?.value?.seconds;
  if (typeof seconds === 'number') parts.push(`Expires=${new Date(seconds * 1000).toUTCString()}`);
  if (typeof cookie.maxAge?.value === 'number') parts.push(`Max-Age=${Math.trunc(cookie.maxAge.value)}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  // 'none' in the RPC enum means "not set"; 'explicitNone' is SameSite=None.
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None', none: undefined }[cookie.sameSite ?? 'none'];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}
