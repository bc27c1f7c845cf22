import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { BearerTokenHandler } from './bearer-token-handler.js';
import { deriveGraphScope } from './derive-graph-scope.js';
import { FailureCapture } from './failure-capture.js';
import { createAccessTokenSource, type AccessTokenSource, type GraphAuth } from './graph-auth.js';

/** Per-call timeout used when none is given. */
export const DEFAULT_GRAPH_TIMEOUT_MS = 30_000;

// setTimeout fires at once for larger delays, which would turn every call into a timeout.
const MAX_TIMEOUT_MS = 2_147_483_647;

interface GraphClientCommonOptions {
  /**
   * Graph root without the version segment: `https://graph.microsoft.com`, a national cloud such
   * as `https://graph.microsoft.us`, or a simulator like `http://127.0.0.1:7072`. A trailing
   * slash is tolerated; a path prefix is kept. Required.
   */
  readonly baseUrl: string;
  /**
   * Milliseconds one call may take, token acquisition and reading the answer included. When it
   * runs out the request is aborted and the call reports a timeout.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * `User-Agent` sent with every call, to tell this service apart in Graph's logs.
   * @default undefined (the runtime's fetch sends its own)
   */
  readonly userAgent?: string;
}

/**
 * How to reach and authenticate to Graph. Give exactly one of `auth` (tokens from
 * `@azure/identity`, scope derived from `baseUrl`) or `tokenSource` (tokens from elsewhere).
 */
export type GraphClientOptions = GraphClientCommonOptions &
  ({ readonly auth: GraphAuth; readonly tokenSource?: undefined } | { readonly tokenSource: AccessTokenSource; readonly auth?: undefined });

/** A Graph client with this service's middleware chain, and the settings it was built from. */
export interface GraphClientSetup {
  readonly client: Client;
  /** Origin plus path prefix, without a trailing slash. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** `User-Agent`, when one was configured; to be merged into every call's headers. */
  readonly userAgentHeader: Readonly<Record<string, string>>;
}

/**
 * Builds a client on `@microsoft/microsoft-graph-client` with a middleware chain of our own,
 * shared by the writer and the reader so that both authenticate and fail the same way:
 *
 * 1. `FailureCapture` keeps the raw error of a failed call (the SDK would reduce it to a message).
 * 2. `BearerTokenHandler` sends the token to any host; the SDK's `AuthenticationHandler` skips
 *    plain-http hosts such as the local simulator.
 * 3. The SDK's `HTTPMessageHandler` does the fetch.
 *
 * Left out on purpose: `RetryHandler` (it sleeps in-process on 429/503/504, up to three times and
 * 180 s by default, outside any budget; writes retry through the queue and reads through the
 * read budget), `TelemetryHandler` (on hosts that are not Graph it deletes the
 * `client-request-id` we record with every call) and `RedirectHandler` (a call must land where it
 * was aimed; redirects are returned as responses instead).
 *
 * Options are checked here, so a bad base URL or timeout fails at start-up naming the value.
 */
export function createGraphClient(options: GraphClientOptions): GraphClientSetup {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds up to ${MAX_TIMEOUT_MS}, got ${timeoutMs}`);
  }
  const tokenSource = pickTokenSource(options, baseUrl);
  const client = Client.initWithMiddleware({
    baseUrl,
    middleware: [new FailureCapture(), new BearerTokenHandler(tokenSource), new HTTPMessageHandler()],
  });
  return {
    client,
    baseUrl,
    timeoutMs,
    userAgentHeader: options.userAgent === undefined ? {} : { 'User-Agent': options.userAgent },
  };
}

function pickTokenSource(options: GraphClientOptions, baseUrl: string): AccessTokenSource {
  if (options.tokenSource !== undefined && options.auth !== undefined) {
    throw new TypeError('give either auth or tokenSource, not both');
  }
  if (options.tokenSource !== undefined) return options.tokenSource;
  if (options.auth === undefined) throw new TypeError('auth or tokenSource is required');
  return createAccessTokenSource(options.auth, deriveGraphScope(baseUrl));
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must use http or https, got "${raw}"`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new TypeError(`baseUrl must be a bare root without query, fragment or credentials, got "${url.origin}${url.pathname}"`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
