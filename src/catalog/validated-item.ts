import type { AssignmentState, SetAction } from '../model/job-model.js';
import type { ApiVersion } from './catalog-endpoints.js';

/** One item of a submission, resolved against the catalog and ready to queue. */
export interface ValidatedItem {
  /** Position in the submitted `items`. */
  readonly index: number;
  /** The caller's own reference for the item, echoed in results. */
  readonly ref: string | undefined;
  /** Id of the catalog endpoint the path resolved to. */
  readonly endpointId: string;
  readonly apiVersion: ApiVersion;
  /** Values of the endpoint template's `{name}` segments. */
  readonly params: Readonly<Record<string, string>>;
  /** Canonical path rebuilt from the catalog template (never the caller's text), without version. */
  readonly path: string;
  /**
   * What will be PATCHed: the submitted properties, with `@odata.type` set to `#` + the
   * endpoint's resource type and the target's `@odata.type` in `microsoft.graph.X` form.
   */
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * Set for an assignment-set item: then `endpointId` names the policy kind's `/assign` action,
   * `path` is the policy's and `body` is `{target, intent?}`.
   */
  readonly action?: SetAction;
  /** Set by undo only: the assignment must still look like this (null: absent) for the item to go ahead. */
  readonly expect?: { readonly assignment: AssignmentState | null };
}
