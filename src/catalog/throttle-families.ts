import { CATALOG_ENDPOINTS, type ThrottleScope } from './catalog-endpoints.js';

/** Intune's throttling families, each metered on its own by Graph (the catalog's `throttleScope`). */
export const THROTTLE_FAMILIES: readonly ThrottleScope[] = Object.freeze(['deviceConfiguration', 'deviceConfigV2', 'deviceEnrollment']);

/**
 * How the service spends Graph's limits (`GRAPH_BUDGET_SCOPE`). `family`, the default: one
 * write budget and one read budget per throttling family, as Graph meters them. `shared`: one
 * of each for all families together, for a Graph that meters them as one.
 */
export type BudgetScope = 'family' | 'shared';
export const BUDGET_SCOPES: readonly BudgetScope[] = Object.freeze(['family', 'shared']);

/** What a budget is named after: the family it serves, or `shared` for all of them. */
export type BudgetKey = ThrottleScope | 'shared';

/** The budget that requests of `family` spend under `scope`. */
export function budgetKeyOf(scope: BudgetScope, family: ThrottleScope): BudgetKey {
  return scope === 'shared' ? 'shared' : family;
}

/** The throttling family of each policy collection under `/deviceManagement`, from the catalog. */
const FAMILY_OF_COLLECTION: ReadonlyMap<string, ThrottleScope> = new Map(
  CATALOG_ENDPOINTS.map((e) => [e.template.split('/')[2] as string, e.throttleScope]),
);

/**
 * The throttling family of a Graph path below the version segment: the family of the policy
 * collection it starts with (`/deviceManagement/configurationPolicies/…` is `deviceConfigV2`).
 * Undefined for a path outside the catalog's collections, which the service never calls.
 */
export function throttleFamilyOfPath(path: string): ThrottleScope | undefined {
  const [empty, root, collection] = path.split('/');
  if (empty !== '' || root !== 'deviceManagement' || collection === undefined) return undefined;
  return FAMILY_OF_COLLECTION.get(collection);
}
