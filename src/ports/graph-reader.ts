import type { ApiVersion } from '../catalog/catalog-endpoints.js';

/** A JSON object as Graph returns it. */
export type GraphObject = Readonly<Record<string, unknown>>;

/**
 * The answer to a read: the resource (or every member of a collection, all pages followed), or
 * Graph's refusal with a status below 500 other than 429 (not found, bad request, forbidden),
 * which trying again would not change.
 */
export type GraphReadResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly errorCode: string | undefined;
      readonly errorMessage: string | undefined;
      readonly requestId: string | undefined;
    };

/**
 * Reads Graph under the shared read budget, with the same authentication as writes. Throttling
 * and transient failures are retried a few times, never before a `Retry-After` has passed; when
 * they persist the call throws a `GraphReadError`, and the caller's trigger should be retried
 * later (its work is idempotent).
 */
export interface GraphReader {
  /** GETs one resource. `path` is below the version segment and starts with `/`. */
  get(apiVersion: ApiVersion, path: string): Promise<GraphReadResult<GraphObject>>;
  /** GETs a collection and follows `@odata.nextLink` (on the same Graph root only) to the last page. */
  list(apiVersion: ApiVersion, path: string): Promise<GraphReadResult<GraphObject[]>>;
}
