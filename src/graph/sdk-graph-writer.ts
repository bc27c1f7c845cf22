import { Client, HTTPMessageHandler, ResponseType } from '@microsoft/microsoft-graph-client';
import { BearerTokenHandler } from './bearer-token-handler.js';
import { deriveGraphScope } from './derive-graph-scope.js';
import { CapturedFailure, FailureCapture } from './failure-capture.js';
import { createAccessTokenSource, type AccessTokenSource, type GraphAuth } from './graph-auth.js';
import { GraphAuthError } from './graph-auth-error.js';
import type { GraphHttpOutcome, GraphNetworkOutcome, GraphWriteRequest, GraphWriter } from './graph-writer.js';
import { parseGraphErrorBody } from './parse-graph-error-body.js';
import { parseRetryAfter } from './parse-retry-after.js';

/** Per-call timeout used when none is given. */
export const DEFAULT_GRAPH_TIMEOUT_MS = 30_000;

// setTimeout fires at once for larger delays, which would turn every call into a timeout.
const MAX_TIMEOUT_MS = 2_147_483_647;

interface SdkGraphWriterCommonOptions {
  /**
   * Graph root without the version segment: `https://graph.microsoft.com`, a national cloud such
   * as `https://graph.microsoft.us`, or a simulator like `http://127.0.0.1:7072`. A trailing
   * slash is tolerated; a path prefix is kept. Required.
   */
  readonly baseUrl: string;
  /**
   * Milliseconds one PATCH may take, token acquisition and reading the answer included. When it
   * runs out the request is aborted and the outcome is `{ kind: 'network', reason: 'timeout' }`.
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
 * Options of {@link createSdkGraphWriter}. Give exactly one of `auth` (tokens from
 * `@azure/identity`, scope derived from `baseUrl`) or `tokenSource` (tokens from elsewhere).
 */
export type SdkGraphWriterOptions = SdkGraphWriterCommonOptions &
  ({ readonly auth: GraphAuth; readonly tokenSource?: undefined } | { readonly tokenSource: AccessTokenSource; readonly auth?: undefined });

/**
 * A `GraphWriter` on `@microsoft/microsoft-graph-client`, with a middleware chain of our own:
 *
 * 1. `FailureCapture` keeps the raw error of a failed call (the SDK would reduce it to a message).
 * 2. `BearerTokenHandler` sends the token to any host; the SDK's `AuthenticationHandler` skips
 *    plain-http hosts such as the local simulator.
 * 3. The SDK's `HTTPMessageHandler` does the fetch.
 *
 * Left out on purpose: `RetryHandler` (it sleeps in-process on 429/503/504, up to three times and
 * 180 s by default, while a queue message holds its lease; retrying is the queue's job),
 * `TelemetryHandler` (on hosts that are not Graph it deletes the `client-request-id` we record
 * with every item) and `RedirectHandler` (a PATCH must land where it was aimed; redirects are
 * returned as responses instead).
 */
export function createSdkGraphWriter(options: SdkGraphWriterOptions): GraphWriter {
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
  const fixedHeaders: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    ...(options.userAgent === undefined ? {} : { 'User-Agent': options.userAgent }),
  };

  return {
    async patch(request: GraphWriteRequest) {
      // `GraphRequest.parsePath` treats any path containing "https://" as a full URL and takes
      // its host over; the catalog never builds such paths, so one here is a bug upstream.
      if (request.path.includes('://')) {
        throw new TypeError(`Graph path must be relative to the version segment, got ${request.path}`);
      }
      // Serialised here so a body that cannot be JSON fails loudly before anything is sent.
      const body = JSON.stringify(request.body);
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const failure = new CapturedFailure();
      let readingBody = false;
      try {
        const sending = client
          .api(request.path)
          .version(request.apiVersion)
          .headers({ ...fixedHeaders, 'client-request-id': request.clientRequestId })
          .option('signal', controller.signal)
          .option('redirect', 'manual')
          // RAW hands back the Response for every status; otherwise the SDK throws the parsed
          // body of a non-2xx answer and drops its headers (request-id, Retry-After).
          .responseType(ResponseType.RAW)
          .middlewareOptions([failure])
          .patch(body) as Promise<Response>;
        const response = await untilAborted(sending, controller.signal);
        readingBody = true;
        const text = await untilAborted(response.text(), controller.signal);
        return toHttpOutcome(response, text, request.clientRequestId, elapsed());
      } catch (error) {
        if (controller.signal.aborted) {
          return networkOutcome('timeout', `no answer from Graph within ${timeoutMs} ms`, request, elapsed());
        }
        const cause = failure.failed ? failure.error : error;
        if (cause instanceof GraphAuthError) throw cause;
        if (failure.failed || readingBody) {
          return networkOutcome('connection', describeConnectionError(cause), request, elapsed());
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function pickTokenSource(options: SdkGraphWriterOptions, baseUrl: string): AccessTokenSource {
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

function toHttpOutcome(response: Response, text: string, clientRequestId: string, durationMs: number): GraphHttpOutcome {
  const graphError = response.status >= 400 ? parseGraphErrorBody(text) : undefined;
  return {
    kind: 'response',
    status: response.status,
    requestId: response.headers.get('request-id') ?? undefined,
    clientRequestId,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    errorCode: graphError?.code,
    errorMessage: graphError?.message,
    durationMs,
  };
}

function networkOutcome(
  reason: GraphNetworkOutcome['reason'],
  message: string,
  request: GraphWriteRequest,
  durationMs: number,
): GraphNetworkOutcome {
  return { kind: 'network', reason, message, clientRequestId: request.clientRequestId, durationMs };
}

/**
 * "fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)": the fetch error and its
 * innermost cause with code. Built from error names, codes and messages only, which never
 * contain request headers, so the token cannot leak through it.
 */
function describeConnectionError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
    current = current.cause;
  }
  if (parts.length === 0) return `connection failed: ${String(error)}`;
  const [first, ...rest] = parts;
  return rest.length === 0 ? `${first}` : `${first} (${rest.join('; ')})`;
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts. The abort also cancels the fetch;
 * this guard covers anything in the chain that does not honour the signal, so a call never
 * outlives its timeout.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
