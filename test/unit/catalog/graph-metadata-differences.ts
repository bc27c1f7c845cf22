import type { ApiVersion } from '../../../src/catalog/catalog-endpoints.js';
import { FINDINGS, type Finding } from '../../helpers/compare-catalog-with-typings.js';

/**
 * Where the catalog deliberately differs from Graph's published metadata (the typings packages),
 * and why. `graph-metadata.test.ts` fails on any disagreement not listed here and on any entry
 * that no longer matches a disagreement, so the list stays exact. docs/catalog.md shows each
 * entry (its `id`) with the same reasoning.
 */
export interface MetadataDifference {
  /** Short stable name, also the row key in docs/catalog.md. */
  readonly id: string;
  readonly versions: readonly ApiVersion[];
  /** Subjects as `compareCatalogWithTypings` names them. */
  readonly subjects: readonly string[];
  readonly finding: Finding;
  readonly why: string;
}

export const METADATA_DIFFERENCES: readonly MetadataDifference[] = [
  {
    id: 'scope-tag-target',
    versions: ['v1.0', 'beta'],
    subjects: ['target scopeTagGroupAssignmentTarget'],
    finding: FINDINGS.acceptedAbsent,
    why: "Neither typings package has scopeTagGroupAssignmentTarget (nor its scopeTagTargetType enum); seeds 000 and 002 are its only source. The seeds' word is kept: it is accepted in both versions, with the enum none, user, device.",
  },
  {
    id: 'abstract-target',
    versions: ['v1.0', 'beta'],
    subjects: ['target deviceAndAppManagementAssignmentTarget'],
    finding: FINDINGS.refusedPresent,
    why: 'The base type of every target is abstract: Graph cannot create it, so a target of that type is refused with a message naming the concrete types, although seeds 003 and 004 use it in their examples.',
  },
  {
    id: 'android-fota-target',
    versions: ['beta'],
    subjects: ['target androidFotaDeploymentAssignmentTarget'],
    finding: FINDINGS.refusedPresent,
    why: "Beta's androidFotaDeploymentAssignmentTarget is the target of Android firmware-over-the-air deployment assignments (androidFotaDeploymentAssignment), not of the four policy kinds' assignments; no seed names it.",
  },
  {
    id: 'entity-key',
    versions: ['v1.0', 'beta'],
    subjects: [
      'deviceCompliancePolicyAssignment.id',
      'deviceConfigurationAssignment.id',
      'enrollmentConfigurationAssignment.id',
      'deviceManagementConfigurationPolicyAssignment.id',
    ],
    finding: FINDINGS.acceptedReadOnly,
    why: "Entity.id is the key, read-only. Every seed lists id in its request body; the catalog accepts it only equal to the path's assignment id (or, on seed 003's collection PATCH, to name the assignment), so it never asks Graph to change a key.",
  },
  {
    id: 'device-configuration-source',
    versions: ['beta'],
    subjects: ['deviceConfigurationAssignment.source', 'deviceConfigurationAssignment.sourceId'],
    finding: FINDINGS.acceptedReadOnly,
    why: "Beta marks deviceConfigurationAssignment's source and sourceId read-only (set when a policy set deploys the profile). Seed 004's request-body table lists both; the seed's word is kept, so Graph may keep its own values.",
  },
  {
    id: 'collection-patch-v1',
    versions: ['v1.0'],
    subjects: ['endpoint deviceConfigurationAssignments'],
    finding: FINDINGS.refusedPresent,
    why: "v1.0 has the navigation deviceConfigurations/{id}/assignments, but the typings record navigations, not the methods a path allows, and a PATCH of a collection is no standard OData operation. Seed 003 shows it in beta only; v1.0 callers reach the same assignments through seed 004's item route.",
  },
  {
    id: 'uncast-certificate-paths',
    versions: ['beta'],
    subjects: [
      'endpoint deviceConfigurationAssignment.rootCertificate segment rootCertificate',
      'endpoint deviceConfigurationAssignment.identityCertificate segment identityCertificate',
      'endpoint deviceConfigurationAssignment.identityCertificateRootCertificate segment identityCertificate',
    ],
    finding: FINDINGS.uncast,
    why: "rootCertificate and identityCertificate are declared on derived device configuration types (certificate and VPN/Wi-Fi profiles), not on deviceConfiguration itself. Seed 004 lists these paths without a type cast; they are kept as the seed writes them, beside the cast forms it also lists.",
  },
];
