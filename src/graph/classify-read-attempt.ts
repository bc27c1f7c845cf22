import { GraphReadError } from '../ports/graph-read-error.js';
import type { GraphObject, GraphReadResult } from '../ports/graph-reader.js';
import type { GraphReadAttempt, GraphReadRequest } from '../ports/graph-read-transport.js';

/** What one attempt means for the read: an answer to hand back, or a failure worth retrying. */
export type ReadVerdict =
  | { readonly kind: 'answer'; readonly result: GraphReadResult<GraphObject> }
  | {
      readonly kind: 'retry';
      /** Graph's `Retry-After`, when it sent one: no request may go out before it has passed. */
      readonly retryAfterMs: number | undefined;
      /**
       * True for a `Retry-After` on 429, 503 or 504: Graph is throttling this app, so the whole
       * read budget pauses, not only this request.
       */
      readonly pausesBudget: boolean;
      /** Status, Graph error code and request id, or the network failure; never a token. */
      readonly summary: string;
    };

const THROTTLING = new Set([429, 503, 504]);

/**
 * Sorts an attempt: 2xx is the resource; 429, 5xx, timeouts and connection failures are
 * transient; any other status (3xx, 4xx) is Graph's refusal, which trying again would not change.
 * Throws for a 2xx whose body is not a JSON object: Graph never sends one for the paths read
 * here, so the base URL points somewhere that is not Graph.
 */
export function classifyReadAttempt(attempt: GraphReadAttempt, request: GraphReadRequest): ReadVerdict {
  if (attempt.kind === 'network') {
    return { kind: 'retry', retryAfterMs: undefined, pausesBudget: false, summary: `${attempt.reason}: ${attempt.message}` };
  }
  const { status } = attempt;
  if (status === 429 || status >= 500) {
    const code = attempt.errorCode === undefined ? '' : ` ${attempt.errorCode}`;
    const requestId = attempt.requestId === undefined ? '' : ` (request-id ${attempt.requestId})`;
    return {
      kind: 'retry',
      retryAfterMs: attempt.retryAfterMs,
      pausesBudget: attempt.retryAfterMs !== undefined && THROTTLING.has(status),
      summary: `${status}${code}${requestId}`,
    };
  }
  if (status >= 200 && status < 300) {
    if (!isObject(attempt.body)) {
      throw new GraphReadError(
        `GET ${request.apiVersion} ${request.path} answered ${status} without a JSON object; check that the Graph base URL points at Graph.`, { retryable: false });
    }
    return { kind: 'answer', result: { ok: true, value: attempt.body } };
  }
  return {
    kind: 'answer',
    result: {
      ok: false,
      status,
      errorCode: attempt.errorCode,
      errorMessage: attempt.errorMessage,
      requestId: attempt.requestId,
    },
  };
}

function isObject(value: unknown): value is GraphObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
