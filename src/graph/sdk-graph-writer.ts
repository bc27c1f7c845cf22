import { ResponseType } from '@microsoft/microsoft-graph-client';
import { createGraphClient, type GraphClientOptions } from './create-graph-client.js';
import { describeConnectionError } from './describe-connection-error.js';
import { CapturedFailure } from './failure-capture.js';
import { GraphAuthError } from './graph-auth-error.js';
import type { GraphHttpOutcome, GraphNetworkOutcome, GraphWriteOutcome, GraphWriteRequest, GraphWriter } from '../ports/graph-writer.js';
import { parseGraphErrorBody } from './parse-graph-error-body.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { untilAborted } from './until-aborted.js';

export { DEFAULT_GRAPH_TIMEOUT_MS } from './create-graph-client.js';

/**
 * Options of {@link createSdkGraphWriter}: the Graph root, one of `auth` or `tokenSource`, and
 * `timeoutMs` (how long one PATCH may take; when it runs out the outcome is
 * `{ kind: 'network', reason: 'timeout' }`) and `userAgent`. See {@link GraphClientOptions}.
 */
export type SdkGraphWriterOptions = GraphClientOptions;

/**
 * A `GraphWriter` on `@microsoft/microsoft-graph-client`, with the middleware chain of
 * {@link createGraphClient}: no `RetryHandler` (it sleeps in-process on 429/503/504, up to three
 * times and 180 s by default, while a queue message holds its lease; retrying is the queue's
 * job), no `TelemetryHandler` (on hosts that are not Graph it deletes the `client-request-id` we
 * record with every item) and no `RedirectHandler` (a PATCH must land where it was aimed;
 * redirects are returned as responses instead).
 */
export function createSdkGraphWriter(options: SdkGraphWriterOptions): GraphWriter {
  const { client, timeoutMs, userAgentHeader } = createGraphClient(options);
  const fixedHeaders: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    ...userAgentHeader,
  };

  const send = async (method: 'patch' | 'post', request: GraphWriteRequest): Promise<GraphWriteOutcome> => {
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
      const call = client
        .api(request.path)
        .version(request.apiVersion)
        .headers({ ...fixedHeaders, 'client-request-id': request.clientRequestId })
        .option('signal', controller.signal)
        .option('redirect', 'manual')
        // RAW hands back the Response for every status; otherwise the SDK throws the parsed
        // body of a non-2xx answer and drops its headers (request-id, Retry-After).
        .responseType(ResponseType.RAW)
        .middlewareOptions([failure]);
      const sending = (method === 'patch' ? call.patch(body) : call.post(body)) as Promise<Response>;
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
  };
  return {
    patch: (request) => send('patch', request),
    assign: (request) => {
      // The action is the only POST this writer makes; anything else would be a bug upstream.
      if (!request.path.endsWith('/assign')) throw new TypeError(`assign expects a path ending in /assign, got ${request.path}`);
      return send('post', request);
    },
  };
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
    ...(response.status < 300 ? answeredBody(text) : {}),
  };
}

/** A success's JSON, when it has one: the updated assignment of a PATCH, the new set of an `/assign`. */
function answeredBody(text: string): { body?: unknown } {
  if (text.trim() === '') return {};
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return {};
  }
}

function networkOutcome(
  reason: GraphNetworkOutcome['reason'],
  message: string,
  request: GraphWriteRequest,
  durationMs: number,
): GraphNetworkOutcome {
  return { kind: 'network', reason, message, clientRequestId: request.clientRequestId, durationMs };
}
