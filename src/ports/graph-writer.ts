import type { ApiVersion } from '../catalog/catalog-endpoints.js';

/** One write to Graph (a PATCH, or a POST of a policy's `/assign`), already resolved against the catalog. */
export interface GraphWriteRequest {
  readonly apiVersion: ApiVersion;
  /** Canonical path below the version segment, built from the catalog template. */
  readonly path: string;
  readonly body: unknown;
  /** Fresh GUID per attempt; sent as `client-request-id` and recorded with the item. */
  readonly clientRequestId: string;
}

/** Graph answered with an HTTP status (any status, success or not). */
export interface GraphHttpOutcome {
  readonly kind: 'response';
  readonly status: number;
  /** Graph's `request-id` response header, for support cases. */
  readonly requestId: string | undefined;
  readonly clientRequestId: string;
  /** `Retry-After` in milliseconds when the response carried one (seconds or HTTP date). */
  readonly retryAfterMs: number | undefined;
  /** `error.code` of a Graph error body, when there is one. */
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly durationMs: number;
  /** The JSON Graph answered a success with (the updated assignment, or `/assign`'s new set); undefined for 204 or no JSON. */
  readonly body?: unknown;
}

/** No HTTP answer: the connection failed or the call timed out. */
export interface GraphNetworkOutcome {
  readonly kind: 'network';
  readonly reason: 'timeout' | 'connection';
  readonly message: string;
  readonly clientRequestId: string;
  readonly durationMs: number;
}

export type GraphWriteOutcome = GraphHttpOutcome | GraphNetworkOutcome;

/** Sends assignment writes to Graph. Never retries or sleeps: retrying is the queue's job. */
export interface GraphWriter {
  /** PATCHes one assignment. */
  patch(request: GraphWriteRequest): Promise<GraphWriteOutcome>;
  /** POSTs a policy's `/assign` (`path` ends in `/assign`): replaces the policy's whole assignment set. */
  assign(request: GraphWriteRequest): Promise<GraphWriteOutcome>;
}
