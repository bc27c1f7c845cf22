import { randomUUID } from 'node:crypto';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { classifyReadAttempt } from './classify-read-attempt.js';
import { createGraphClient, type GraphClientOptions } from './create-graph-client.js';
import { describeConnectionError } from './describe-connection-error.js';
import { CapturedFailure } from './failure-capture.js';
import { GraphAuthError } from './graph-auth-error.js';
import { GraphReadError } from '../ports/graph-read-error.js';
import type { GraphObject, GraphReadResult, GraphReader } from '../ports/graph-reader.js';
import type { GraphReadAttempt, GraphReadRequest, GraphReadResponse, GraphReadTransport } from '../ports/graph-read-transport.js';
import { parseGraphErrorBody } from './parse-graph-error-body.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { readAllPages, resolveMaxPages, type ReadPagingOptions } from './read-all-pages.js';
import { resolveNextLink } from './resolve-next-link.js';
import { untilAborted } from './until-aborted.js';

/**
 * Options of {@link createSdkGraphReader}: the Graph root, one of `auth` or `tokenSource`,
 * `timeoutMs` (how long one GET may take, body included), `userAgent` and `maxPages`.
 */
export type SdkGraphReaderOptions = GraphClientOptions & ReadPagingOptions;

/** Reads Graph without retrying, and sends single GETs for a wrapper that retries. */
export interface SdkGraphReader extends GraphReader, GraphReadTransport {}

/**
 * A reader on `@microsoft/microsoft-graph-client` with the writer's middleware chain and
 * authentication (see `createGraphClient`). Every GET carries a fresh `client-request-id` and
 * its own timeout, and hands back the raw response, whatever its status.
 *
 * Its own `get` and `list` try each request once: throttling, 5xx and network failures throw a
 * `GraphReadError` at once. Production code wraps it in `createBudgetedGraphReader`, which
 * spends the read budget and retries through `send`.
 */
export function createSdkGraphReader(options: SdkGraphReaderOptions): SdkGraphReader {
  const { client, baseUrl, timeoutMs, userAgentHeader } = createGraphClient(options);
  const maxPages = resolveMaxPages(options);
  const fixedHeaders: Record<string, string> = { Accept: 'application/json', ...userAgentHeader };

  async function send(request: GraphReadRequest): Promise<GraphReadAttempt> {
    const target =
      request.nextLink === undefined
        ? checkPath(request.path)
        : resolveNextLink(request.nextLink, baseUrl, request.apiVersion, request.path);
    const clientRequestId = randomUUID();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const failure = new CapturedFailure();
    let readingBody = false;
    try {
      const sending = client
        .api(target)
        .version(request.apiVersion)
        .headers({ ...fixedHeaders, 'client-request-id': clientRequestId })
        .option('signal', controller.signal)
        // A redirect is answered, not followed: the token must go only where it was aimed.
        .option('redirect', 'manual')
        // RAW hands back the Response for every status, with its headers (Retry-After, request-id).
        .responseType(ResponseType.RAW)
        .middlewareOptions([failure])
        .get() as Promise<Response>;
      const response = await untilAborted(sending, controller.signal);
      readingBody = true;
      const text = await untilAborted(response.text(), controller.signal);
      return toReadResponse(response, text, clientRequestId);
    } catch (error) {
      if (controller.signal.aborted) {
        return { kind: 'network', reason: 'timeout', message: `no answer from Graph within ${timeoutMs} ms`, clientRequestId };
      }
      const cause = failure.failed ? failure.error : error;
      if (cause instanceof GraphAuthError) throw cause;
      if (failure.failed || readingBody) {
        return { kind: 'network', reason: 'connection', message: describeConnectionError(cause), clientRequestId };
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function once(request: GraphReadRequest): Promise<GraphReadResult<GraphObject>> {
    const verdict = classifyReadAttempt(await send(request), request);
    if (verdict.kind === 'answer') return verdict.result;
    throw new GraphReadError(
      `GET ${request.apiVersion} ${request.path} failed: ${verdict.summary}. This reader does not retry; ` +
        'retry the operation later (nothing was changed), or read through the budgeted reader.',
    );
  }

  return {
    send,
    get: (apiVersion, path) => once({ apiVersion, path }),
    list: (apiVersion, path) => readAllPages(once, apiVersion, path, maxPages),
  };
}

/** A path the Graph client will append to `{baseUrl}/{version}` and nothing else. */
function checkPath(path: string): string {
  // `GraphRequest.parsePath` treats any path containing "https://" as a full URL and takes its
  // host over; paths are built from the catalog, so one here is a bug upstream.
  if (!path.startsWith('/') || path.includes('://') || path.includes('#')) {
    throw new TypeError(`Graph path must start with '/' below the version segment, without a URL or fragment, got ${path}`);
  }
  return path;
}

function toReadResponse(response: Response, text: string, clientRequestId: string): GraphReadResponse {
  const graphError = response.status >= 400 ? parseGraphErrorBody(text) : undefined;
  return {
    kind: 'response',
    status: response.status,
    body: parseJson(text),
    requestId: response.headers.get('request-id') ?? undefined,
    clientRequestId,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    errorCode: graphError?.code,
    errorMessage: graphError?.message,
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
