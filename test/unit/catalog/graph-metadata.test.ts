import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSIGN_ACTIONS, type AssignAction } from '../../../src/catalog/assign-actions.js';
import { ASSIGNMENT_TARGET_TYPES, targetTypesIn } from '../../../src/catalog/assignment-targets.js';
import {
  API_VERSIONS,
  ASSIGNMENT_SOURCES,
  CATALOG_ENDPOINTS,
  CONFIG_ASSIGNMENT_INTENTS,
  type ApiVersion,
  type CatalogEndpoint,
} from '../../../src/catalog/catalog-endpoints.js';
import { compareCatalogWithTypings, FINDINGS, type CatalogUnderCheck, type MetadataFinding } from '../../helpers/compare-catalog-with-typings.js';
import { parseTypings, readGraphTypings } from '../../helpers/graph-typings.js';
import { METADATA_DIFFERENCES } from './graph-metadata-differences.js';

const doc = readFileSync(new URL('../../../docs/catalog.md', import.meta.url), 'utf8');

function catalogIn(version: ApiVersion, change: Partial<Omit<CatalogUnderCheck, 'targets'>> & { targets?: CatalogUnderCheck['targets'] } = {}): CatalogUnderCheck {
  return {
    endpoints: CATALOG_ENDPOINTS,
    targets: targetTypesIn(version),
    bodyEnums: { source: ASSIGNMENT_SOURCES, intent: CONFIG_ASSIGNMENT_INTENTS },
    assignActions: ASSIGN_ACTIONS,
    ...change,
  };
}

function findingsIn(version: ApiVersion, change: Parameters<typeof catalogIn>[1] = {}): string[] {
  return compareCatalogWithTypings(catalogIn(version, change), readGraphTypings(version)).map(show);
}

function show(f: MetadataFinding): string {
  return `${f.subject}: ${f.finding}`;
}

function withEndpoint(id: string, change: (e: CatalogEndpoint) => CatalogEndpoint): CatalogEndpoint[] {
  return CATALOG_ENDPOINTS.map((e) => (e.id === id ? change(e) : e));
}

describe('the catalog against Graph metadata', () => {
  it.each(API_VERSIONS)('agrees with the %s typings except where docs/catalog.md says why', (version) => {
    const found = compareCatalogWithTypings(catalogIn(version), readGraphTypings(version));
    const documented = METADATA_DIFFERENCES.filter((d) => d.versions.includes(version));
    const explained = (f: MetadataFinding) => documented.some((d) => d.finding === f.finding && d.subjects.includes(f.subject));
    expect(found.filter((f) => !explained(f)).map(show), 'disagreements nobody decided').toEqual([]);
  });

  it('documents no difference that the metadata no longer shows', () => {
    const found = new Map(API_VERSIONS.map((v) => [v, compareCatalogWithTypings(catalogIn(v), readGraphTypings(v))]));
    const shows = (v: ApiVersion, subject: string, finding: string) =>
      (found.get(v) ?? []).some((f) => f.subject === subject && f.finding === finding);
    const stale = METADATA_DIFFERENCES.flatMap((d) => [
      ...d.subjects.filter((s) => !d.versions.some((v) => shows(v, s, d.finding))).map((s) => `${d.id}: ${s}`),
      ...d.versions.filter((v) => !d.subjects.some((s) => shows(v, s, d.finding))).map((v) => `${d.id}: ${v}`),
    ]);
    expect(stale).toEqual([]);
  });

  it('reports the disagreements the catalog had before it followed the metadata', () => {
    const endpoints = withEndpoint('enrollmentConfigurationAssignment', (e) => ({ ...e, versions: { beta: e.versions.beta ?? [] } }));
    const older = endpoints.map((e) =>
      e.id === 'deviceCompliancePolicyAssignment' || e.id === 'deviceManagementConfigurationPolicyAssignment'
        ? { ...e, versions: { ...e.versions, beta: ['id', 'target'] as const } }
        : e,
    );
    expect(findingsIn('v1.0', { endpoints: older })).toContain(`endpoint enrollmentConfigurationAssignment: ${FINDINGS.refusedPresent}`);
    expect(findingsIn('beta', { endpoints: older })).toEqual(
      expect.arrayContaining([
        `deviceCompliancePolicyAssignment.source: ${FINDINGS.refusedPresent}`,
        `deviceCompliancePolicyAssignment.sourceId: ${FINDINGS.refusedPresent}`,
        `deviceManagementConfigurationPolicyAssignment.source: ${FINDINGS.refusedPresent}`,
        `deviceManagementConfigurationPolicyAssignment.sourceId: ${FINDINGS.refusedPresent}`,
      ]),
    );
  });

  it('reports a version, a body property and an enum value that the metadata lacks', () => {
    const endpoints = withEndpoint('deviceManagementConfigurationPolicyAssignment', (e) => ({ ...e, versions: { ...e.versions, 'v1.0': ['id', 'target'] } }))
      .map((e) => (e.id === 'deviceCompliancePolicyAssignment' ? { ...e, versions: { ...e.versions, beta: [...(e.versions.beta ?? []), 'intent' as const] } } : e));
    expect(findingsIn('v1.0', { endpoints })).toContain(`endpoint deviceManagementConfigurationPolicyAssignment: ${FINDINGS.acceptedAbsent}`);
    const beta = findingsIn('beta', { endpoints, bodyEnums: { source: [...ASSIGNMENT_SOURCES, 'String'], intent: ['apply'] } });
    expect(beta).toEqual(
      expect.arrayContaining([
        `deviceCompliancePolicyAssignment.intent: ${FINDINGS.acceptedAbsent}`,
        `deviceCompliancePolicyAssignment.source = String: ${FINDINGS.acceptedAbsent}`,
        `deviceConfigurationAssignment.intent = remove: ${FINDINGS.refusedPresent}`,
      ]),
    );
  });

  it('reports the filter pair when a v1.0 target accepts it, and its absence when a beta target refuses it', () => {
    expect(findingsIn('v1.0', { targets: ASSIGNMENT_TARGET_TYPES })).toEqual(
      expect.arrayContaining([
        `target deviceAndAppManagementAssignmentTarget.deviceAndAppManagementAssignmentFilterId: ${FINDINGS.acceptedAbsent}`,
        `target deviceAndAppManagementAssignmentTarget.deviceAndAppManagementAssignmentFilterType: ${FINDINGS.acceptedAbsent}`,
      ]),
    );
    expect(findingsIn('beta', { targets: targetTypesIn('v1.0') })).toContain(
      `target groupAssignmentTarget.deviceAndAppManagementAssignmentFilterId: ${FINDINGS.refusedPresent}`,
    );
  });

  it('reports an /assign action in a version whose metadata lacks the policy kind, and one missing where it has it', () => {
    const withV1 = ASSIGN_ACTIONS.map((a): AssignAction => (a.policyKind === 'configurationPolicy' ? { ...a, versions: { ...a.versions, 'v1.0': ['id', 'target'] } } : a));
    expect(findingsIn('v1.0', { assignActions: withV1 })).toContain(`assign configurationPolicy: ${FINDINGS.acceptedAbsent}`);
    const withoutV1 = ASSIGN_ACTIONS.map((a): AssignAction => (a.policyKind === 'deviceEnrollmentConfiguration' ? { ...a, versions: { beta: a.versions.beta ?? [] } } : a));
    expect(findingsIn('v1.0', { assignActions: withoutV1 })).toContain(`assign deviceEnrollmentConfiguration: ${FINDINGS.refusedPresent}`);
  });

  it('shows every documented difference in docs/catalog.md with its versions and subjects', () => {
    for (const difference of METADATA_DIFFERENCES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${difference.id}\` |`));
      expect(row, `no row for ${difference.id}`).toBeDefined();
      expect(row).toContain(`| ${difference.versions.join(', ')} |`);
      expect(row).toContain(`| ${difference.finding} |`);
      for (const subject of difference.subjects) expect(row).toContain(`\`${subject}\``);
    }
  });
});

describe('reading the typings', () => {
  const text = `
export type NullableOption<T> = T | null;
export type Colour =
    | "red"
    | "blue";
export interface Entity {
    // The unique identifier for an entity. Read-only.
    id?: string;
}
export interface Box extends Entity {
    /**
     * What is inside. This property is read-only. Possible
     * values are listed elsewhere.
     */
    contents?: NullableOption<Item[]>;
    colour?: Colour;
    label?: NullableOption<string>;
}
export namespace Other {
    export interface Box { shadow?: string; }
}
`;
  const typings = parseTypings(text, 'beta', 'inline');

  it('reads collections, references, enums and read-only comments, and leaves sub-namespaces out', () => {
    const box = typings.interfaces.get('Box');
    expect(box?.bases).toEqual(['Entity']);
    expect(box?.properties.get('contents')).toEqual({ name: 'contents', typeName: 'Item', collection: true, readOnly: true });
    expect(box?.properties.get('colour')).toEqual({ name: 'colour', typeName: 'Colour', collection: false, readOnly: false });
    expect(box?.properties.get('label')).toMatchObject({ typeName: 'string', readOnly: false });
    expect(box?.properties.has('shadow')).toBe(false);
    expect(typings.interfaces.get('Entity')?.properties.get('id')?.readOnly).toBe(true);
    expect(typings.enums.get('Colour')).toEqual(['red', 'blue']);
  });

  it.each(API_VERSIONS)('finds the four policy collections Graph %s has under deviceManagement', (version) => {
    const deviceManagement = readGraphTypings(version).interfaces.get('DeviceManagement');
    const collections = ['deviceCompliancePolicies', 'configurationPolicies', 'deviceEnrollmentConfigurations', 'deviceConfigurations'].filter((name) =>
      deviceManagement?.properties.get(name)?.collection,
    );
    expect(collections).toEqual(
      version === 'v1.0'
        ? ['deviceCompliancePolicies', 'deviceEnrollmentConfigurations', 'deviceConfigurations']
        : ['deviceCompliancePolicies', 'configurationPolicies', 'deviceEnrollmentConfigurations', 'deviceConfigurations'],
    );
  });
});
