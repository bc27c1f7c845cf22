/**
 * The Graph endpoints this service may write to: every PATCH of the five seed documents, in the
 * versions and with the body properties Graph's published metadata gives them (checked by
 * `test/unit/catalog/graph-metadata.test.ts`). Nothing outside this list is ever called (see
 * `resolve-graph-path.ts`). Decisions taken where a seed is silent, contradicts itself or differs
 * from the metadata are written down in docs/catalog.md.
 */

import { API_VERSIONS, type ApiVersion } from '../model/job-model.js';

export { API_VERSIONS, type ApiVersion };

/** Values of `source` (enum `deviceAndAppManagementAssignmentSource`). */
export const ASSIGNMENT_SOURCES = ['direct', 'policySets'] as const;
/** Values of `intent` (enum `deviceConfigAssignmentIntent`, beta deviceConfigurationAssignment only). */
export const CONFIG_ASSIGNMENT_INTENTS = ['apply', 'remove'] as const;

/** The four kinds of policy whose assignments the catalog covers. */
export type PolicyKind =
  | 'deviceCompliancePolicy'
  | 'configurationPolicy'
  | 'deviceEnrollmentConfiguration'
  | 'deviceConfiguration';

/** Intune's throttling families; each has its own write limit per app and per tenant. */
export type ThrottleScope = 'deviceConfiguration' | 'deviceConfigV2' | 'deviceEnrollment';

/** A writable body property of an assignment, other than `@odata.type`. */
export type BodyProperty = 'id' | 'target' | 'source' | 'sourceId' | 'intent';

export interface CatalogEndpoint {
  /** Stable identifier, stored with every item. */
  readonly id: string;
  /** Seed document the endpoint comes from (`000` … `004`). */
  readonly seed: string;
  readonly method: 'PATCH';
  /** Path template under the version segment; `{name}` marks an id segment. */
  readonly template: string;
  /** Graph resource written, as its `@odata.type` (without `#`). */
  readonly resourceType: string;
  readonly policyKind: PolicyKind;
  readonly throttleScope: ThrottleScope;
  /** Body properties Graph accepts, per version; a version absent here is refused. */
  readonly versions: Readonly<Partial<Record<ApiVersion, readonly BodyProperty[]>>>;
  /** True when the path addresses the collection, so the body must name the assignment by `id`. */
  readonly idInBody: boolean;
  /** Application permissions, least privileged first; any one suffices. */
  readonly permissions: readonly string[];
}

const CONFIG_RW = 'DeviceManagementConfiguration.ReadWrite.All';
const SERVICE_CONFIG_RW = 'DeviceManagementServiceConfig.ReadWrite.All';

const DEVICE_CONFIG = '/deviceManagement/deviceConfigurations/{deviceConfigurationId}';
const DEVICE_CONFIG_ASSIGNMENT = 'assignments/{deviceConfigurationAssignmentId}';
const DEVICE_CONFIG_BETA: readonly BodyProperty[] = ['id', 'target', 'source', 'sourceId', 'intent'];

/** Seed 004's nine nested certificate paths (beta only), after `deviceConfigurations/{id}/`. */
const NESTED_CERTIFICATE_PATHS: ReadonlyArray<readonly [string, string]> = [
  ['rootCertificate', 'rootCertificate'],
  ['identityCertificate', 'identityCertificate'],
  ['identityCertificateRootCertificate', 'identityCertificate/rootCertificate'],
  ['iosScepCertificateProfileRootCertificate', 'microsoft.graph.iosScepCertificateProfile/rootCertificate'],
  ['windowsPhone81VpnIdentityCertificate', 'microsoft.graph.windowsPhone81VpnConfiguration/identityCertificate'],
  [
    'macOSWiredNetworkRootCertificateForServerValidation',
    'microsoft.graph.macOSWiredNetworkConfiguration/rootCertificateForServerValidation',
  ],
  [
    'macOSWiredNetworkIdentityCertificateForClientAuthentication',
    'microsoft.graph.macOSWiredNetworkConfiguration/identityCertificateForClientAuthentication',
  ],
  [
    'windowsWifiEnterpriseEapIdentityCertificateForClientAuthentication',
    'microsoft.graph.windowsWifiEnterpriseEAPConfiguration/identityCertificateForClientAuthentication',
  ],
  [
    'windowsWifiEnterpriseEapRootCertificateForServerValidation',
    'microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/{windows81TrustedRootCertificateId}',
  ],
];

function deviceConfigurationEndpoint(id: string, nested: string): CatalogEndpoint {
  return {
    id: `deviceConfigurationAssignment.${id}`,
    seed: '004',
    method: 'PATCH',
    template: `${DEVICE_CONFIG}/${nested}/${DEVICE_CONFIG_ASSIGNMENT}`,
    resourceType: 'microsoft.graph.deviceConfigurationAssignment',
    policyKind: 'deviceConfiguration',
    throttleScope: 'deviceConfiguration',
    versions: { beta: DEVICE_CONFIG_BETA },
    idInBody: false,
    permissions: [CONFIG_RW],
  };
}

export const CATALOG_ENDPOINTS: readonly CatalogEndpoint[] = Object.freeze([
  {
    id: 'deviceCompliancePolicyAssignment',
    seed: '000',
    method: 'PATCH',
    template:
      '/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}/assignments/{deviceCompliancePolicyAssignmentId}',
    resourceType: 'microsoft.graph.deviceCompliancePolicyAssignment',
    policyKind: 'deviceCompliancePolicy',
    throttleScope: 'deviceConfiguration',
    versions: { 'v1.0': ['id', 'target'], beta: ['id', 'target', 'source', 'sourceId'] },
    idInBody: false,
    permissions: [CONFIG_RW],
  },
  {
    id: 'deviceManagementConfigurationPolicyAssignment',
    seed: '001',
    method: 'PATCH',
    template:
      '/deviceManagement/configurationPolicies/{deviceManagementConfigurationPolicyId}/assignments/{deviceManagementConfigurationPolicyAssignmentId}',
    resourceType: 'microsoft.graph.deviceManagementConfigurationPolicyAssignment',
    policyKind: 'configurationPolicy',
    throttleScope: 'deviceConfigV2',
    versions: { beta: ['id', 'target', 'source', 'sourceId'] },
    idInBody: false,
    permissions: [CONFIG_RW],
  },
  {
    id: 'enrollmentConfigurationAssignment',
    seed: '002',
    method: 'PATCH',
    template:
      '/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments/{enrollmentConfigurationAssignmentId}',
    resourceType: 'microsoft.graph.enrollmentConfigurationAssignment',
    policyKind: 'deviceEnrollmentConfiguration',
    throttleScope: 'deviceEnrollment',
    versions: { 'v1.0': ['id', 'target'], beta: ['id', 'target', 'source', 'sourceId'] },
    idInBody: false,
    permissions: [SERVICE_CONFIG_RW, CONFIG_RW],
  },
  {
    id: 'deviceConfigurationAssignments',
    seed: '003',
    method: 'PATCH',
    template: `${DEVICE_CONFIG}/assignments`,
    resourceType: 'microsoft.graph.deviceConfigurationAssignment',
    policyKind: 'deviceConfiguration',
    throttleScope: 'deviceConfiguration',
    versions: { beta: DEVICE_CONFIG_BETA },
    idInBody: true,
    permissions: [CONFIG_RW],
  },
  {
    id: 'deviceConfigurationAssignment',
    seed: '004',
    method: 'PATCH',
    template: `${DEVICE_CONFIG}/${DEVICE_CONFIG_ASSIGNMENT}`,
    resourceType: 'microsoft.graph.deviceConfigurationAssignment',
    policyKind: 'deviceConfiguration',
    throttleScope: 'deviceConfiguration',
    versions: { 'v1.0': ['id', 'target'], beta: DEVICE_CONFIG_BETA },
    idInBody: false,
    permissions: [CONFIG_RW],
  },
  ...NESTED_CERTIFICATE_PATHS.map(([id, nested]) => deviceConfigurationEndpoint(id, nested)),
] satisfies CatalogEndpoint[]);

/** Finds an endpoint by its stable id. */
export function findEndpoint(id: string): CatalogEndpoint | undefined {
  return CATALOG_ENDPOINTS.find((e) => e.id === id);
}
