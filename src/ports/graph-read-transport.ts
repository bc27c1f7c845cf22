import type { ApiVersion } from '../catalog/catalog-endpoints.js';

/** One GET: a path, or the next page of a collection read from that path. */
export interface GraphReadRequest {
  readonly apiVersion: ApiVersion;
  /**
   * Path below the version segment, starting with `/` (a query is allowed). For a next page it
   * is the collection's path, kept to name the request in errors.
   */
  readonly path: string;
  /** An `@odata.nextLink` Graph gave for `path`; when set it is fetched instead of `path`. */
  readonly nextLink?: string;
}

/** Graph answered with an HTTP status, success or not. */
export interface GraphReadResponse {
  readonly kind: 'response';
  readonly status: number;
  /** The body parsed as JSON; undefined when it is empty or not JSON (an HTML error page). */
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly clientRequestId: string;
  /** `Retry-After` in milliseconds, when the answer carried one. */
  readonly retryAfterMs: number | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
}

/** No HTTP answer: the connection failed or the call timed out. */
export interface GraphReadNetworkFailure {
  readonly kind: 'network';
  readonly reason: 'timeout' | 'connection';
  /** Built from error codes and messages only; never carries a header or token. */
  readonly message: string;
  readonly clientRequestId: string;
}

export type GraphReadAttempt = GraphReadResponse | GraphReadNetworkFailure;

/**
 * Sends single GETs to Graph, once each: no retries, no waiting. The budget and retries are a
 * wrapper's job (`createBudgetedGraphReader`), so this can be shared by every reader of an
 * instance and tested on its own.
 */
export interface GraphReadTransport {
  /**
   * Throws (without calling Graph) for a path that is not below the version segment or a next
   * link outside the Graph root, and `GraphAuthError` when no token can be had.
   */
  send(request: GraphReadRequest): Promise<GraphReadAttempt>;
}
