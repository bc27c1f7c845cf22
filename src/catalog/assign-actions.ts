/**
 * Graph's `POST {policy}/assign` action, per policy kind: the one call that writes a policy's
 * whole set of assignments (it replaces the set; there is no concurrency check). Assignment-set
 * items (`add`, `remove`) and the fallback for item routes Graph refuses are written through it.
 *
 * Source: Graph's API reference pages "assign action" of deviceCompliancePolicy,
 * deviceConfiguration and deviceEnrollmentConfiguration (v1.0 and beta) and
 * deviceManagementConfigurationPolicy (beta; v1.0 has no settings catalog), checked against the
 * typings packages by `test/unit/catalog/graph-metadata.test.ts`. docs/catalog.md explains it.
 */
import {
  CATALOG_ENDPOINTS,
  type ApiVersion,
  type BodyProperty,
  type PolicyKind,
  type ThrottleScope,
} from './catalog-endpoints.js';

/** The parameter of the action that carries the new set. */
export type AssignBodyProperty = 'assignments' | 'enrollmentConfigurationAssignments';

/**
 * What Graph answers to a successful `/assign`: 200 with the new set as an OData collection
 * (`{"value": [assignment, …]}`), or 204 with no body (enrollment configurations).
 */
export type AssignResponse = { readonly status: 200; readonly returnsSet: true } | { readonly status: 204; readonly returnsSet: false };

export interface AssignAction {
  readonly policyKind: PolicyKind;
  /** Policy path template under the version segment, e.g. `/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}`. */
  readonly policyTemplate: string;
  /** Name of the `{…}` parameter of {@link policyTemplate}. */
  readonly policyIdParam: string;
  /** `policyTemplate` + `/assign`: where the action is POSTed. */
  readonly assignTemplate: string;
  /** `policyTemplate` + `/assignments`: where the current set is read (GET, paged). */
  readonly assignmentsTemplate: string;
  /** Body of the POST: `{ [bodyProperty]: [assignment, …] }`, the complete new set. */
  readonly bodyProperty: AssignBodyProperty;
  /** `@odata.type` (without `#`) of each element of the set. */
  readonly assignmentType: string;
  /**
   * Versions that have the action, each with the properties an element of the set may carry
   * besides `@odata.type` (the same resource, and so the same list, as the item PATCH endpoint of
   * this kind). A version absent here has no `/assign` for this kind.
   */
  readonly versions: Readonly<Partial<Record<ApiVersion, readonly BodyProperty[]>>>;
  /** Successful answer, the same in every version. */
  readonly response: AssignResponse;
  /** Intune throttling family the write counts against. */
  readonly throttleScope: ThrottleScope;
  /** Application permissions, least privileged first; any one suffices. */
  readonly permissions: readonly string[];
}

const RETURNS_SET = Object.freeze({ status: 200, returnsSet: true } as const);
const NO_CONTENT = Object.freeze({ status: 204, returnsSet: false } as const);

/**
 * The item endpoint of each kind that writes the same resource as its `/assign` elements: its
 * per-version property lists, throttle scope and permissions carry over, so the two cannot drift.
 */
const ITEM_ENDPOINT_OF: Readonly<Record<PolicyKind, string>> = {
  deviceCompliancePolicy: 'deviceCompliancePolicyAssignment',
  configurationPolicy: 'deviceManagementConfigurationPolicyAssignment',
  deviceEnrollmentConfiguration: 'enrollmentConfigurationAssignment',
  deviceConfiguration: 'deviceConfigurationAssignment',
};

function assignAction(policyKind: PolicyKind, bodyProperty: AssignBodyProperty, response: AssignResponse): AssignAction {
  const endpoint = CATALOG_ENDPOINTS.find((e) => e.id === ITEM_ENDPOINT_OF[policyKind]);
  if (!endpoint) throw new Error(`The catalog has no endpoint ${ITEM_ENDPOINT_OF[policyKind]} for ${policyKind}`);
  const segments = endpoint.template.split('/');
  // `/deviceManagement/{collection}/{policyId}/…`: the first four parts name the policy.
  const policyTemplate = segments.slice(0, 4).join('/');
  const policyIdParam = (segments[3] ?? '').slice(1, -1);
  return Object.freeze({
    policyKind,
    policyTemplate,
    policyIdParam,
    assignTemplate: `${policyTemplate}/assign`,
    assignmentsTemplate: `${policyTemplate}/assignments`,
    bodyProperty,
    assignmentType: endpoint.resourceType,
    versions: endpoint.versions,
    response,
    throttleScope: endpoint.throttleScope,
    permissions: endpoint.permissions,
  });
}

/** One `/assign` action per policy kind, in the catalog's kind order. */
export const ASSIGN_ACTIONS: readonly AssignAction[] = Object.freeze([
  assignAction('deviceCompliancePolicy', 'assignments', RETURNS_SET),
  assignAction('configurationPolicy', 'assignments', RETURNS_SET),
  assignAction('deviceEnrollmentConfiguration', 'enrollmentConfigurationAssignments', NO_CONTENT),
  assignAction('deviceConfiguration', 'assignments', RETURNS_SET),
]);

/** The `/assign` action of a policy kind (every kind has one). */
export function assignActionOf(kind: PolicyKind): AssignAction {
  const action = ASSIGN_ACTIONS.find((a) => a.policyKind === kind);
  if (!action) throw new Error(`No /assign action for policy kind ${kind}`);
  return action;
}
