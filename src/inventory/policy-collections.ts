import { CATALOG_ENDPOINTS, type PolicyKind } from '../catalog/catalog-endpoints.js';

/** The list of one policy kind, e.g. `/deviceManagement/deviceConfigurations`. */
export interface PolicyCollection {
  readonly kind: PolicyKind;
  /** Path below the version segment. */
  readonly path: string;
}

/**
 * The four policy lists, in catalog order, derived from the templates so that they cannot drift
 * from what the service may write.
 */
export const POLICY_COLLECTIONS: readonly PolicyCollection[] = Object.freeze(
  [...new Map(CATALOG_ENDPOINTS.map((e) => [e.policyKind, e.template.split('/').slice(0, 3).join('/')])).entries()].map(
    ([kind, path]) => Object.freeze({ kind, path }),
  ),
);

/** Every policy kind of the catalog. */
export const POLICY_KINDS: readonly PolicyKind[] = Object.freeze(POLICY_COLLECTIONS.map((c) => c.kind));
