import { CATALOG_ENDPOINTS, type PolicyKind } from '../catalog/catalog-endpoints.js';

/** How to get from a policy to one of its assignment collections, per catalog item endpoint. */
export interface AssignmentNavigation {
  readonly endpointId: string;
  readonly policyKind: PolicyKind;
  /**
   * Template segments between the policy id and `assignments`: `[]` for the policy's own
   * assignments, `['rootCertificate']`, or a cast then a collection and its id parameter
   * (`['microsoft.graph.windowsWifiEnterpriseEAPConfiguration', 'rootCertificatesForServerValidation', '{…Id}']`).
   */
  readonly segments: readonly string[];
  /** The type-cast segment the navigation starts with, if any: it applies only to policies of that type. */
  readonly cast: string | undefined;
}

const CAST_PREFIX = 'microsoft.graph.';

/**
 * Every item endpoint of the catalog that beta serves, as a navigation. Seed 003's collection
 * endpoint is left out: it addresses the same assignments as seed 004's item endpoint, and a
 * scan result must be something a job item can PATCH by path.
 */
export const ASSIGNMENT_NAVIGATIONS: readonly AssignmentNavigation[] = Object.freeze(
  CATALOG_ENDPOINTS.filter((e) => !e.idInBody && e.versions.beta !== undefined).map((e) => {
    const parts = e.template.slice(1).split('/');
    if (parts.at(-2) !== 'assignments' || !parts.at(-1)?.startsWith('{')) {
      throw new Error(`Catalog endpoint ${e.id} does not end in assignments/{id}; the inventory cannot read it.`);
    }
    const segments = parts.slice(3, -2);
    const first = segments[0];
    return Object.freeze({
      endpointId: e.id,
      policyKind: e.policyKind,
      segments: Object.freeze(segments),
      cast: first?.startsWith(CAST_PREFIX) ? first : undefined,
    });
  }),
);
