import type { ThrottleScope } from '../../src/catalog/catalog-endpoints.js';
import type { SeedPolicy, SimSeed } from '../../tools/graph-sim/sim-seed.js';

/** How each throttling family is written to in these tests: one policy kind each. */
const KINDS: Record<ThrottleScope, { kind: SeedPolicy['kind']; odataType: string; collection: string; apiVersion: 'v1.0' | 'beta' }> = {
  deviceConfiguration: { kind: 'deviceCompliancePolicy', odataType: 'microsoft.graph.windows10CompliancePolicy', collection: 'deviceCompliancePolicies', apiVersion: 'v1.0' },
  deviceConfigV2: { kind: 'configurationPolicy', odataType: 'microsoft.graph.deviceManagementConfigurationPolicy', collection: 'configurationPolicies', apiVersion: 'beta' },
  deviceEnrollment: { kind: 'deviceEnrollmentConfiguration', odataType: 'microsoft.graph.windows10EnrollmentCompletionPageConfiguration', collection: 'deviceEnrollmentConfigurations', apiVersion: 'beta' },
};

export interface FamilyItem {
  readonly family: ThrottleScope;
  readonly ref: string;
  readonly apiVersion: 'v1.0' | 'beta';
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/**
 * A simulator seed of `perFamily` policies of one assignment each in every throttling family,
 * and one job item per assignment, listed family after family.
 */
export function familySeed(perFamily: number): { seed: SimSeed; items: FamilyItem[] } {
  const policies: SeedPolicy[] = [];
  const items: FamilyItem[] = [];
  (Object.keys(KINDS) as ThrottleScope[]).forEach((family, f) => {
    const { kind, odataType, collection, apiVersion } = KINDS[family];
    for (let n = 0; n < perFamily; n++) {
      const id = (prefix: string) => `${prefix}${f}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const policyId = id('f');
      const assignmentId = id('a');
      policies.push({ kind, id: policyId, odataType, displayName: `${family} ${n}`, assignments: [{ id: assignmentId, target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] });
      items.push({
        family,
        ref: `${family}-${n}`,
        apiVersion,
        path: `/deviceManagement/${collection}/${policyId}/assignments/${assignmentId}`,
        body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `group-${f}-${n}` } },
      });
    }
  });
  return { seed: { policies }, items };
}

/** The family a logged write path (with its version segment) belongs to. */
export function familyOfLoggedPath(path: string): ThrottleScope | undefined {
  const entry = Object.entries(KINDS).find(([, k]) => path.includes(`/deviceManagement/${k.collection}/`));
  return entry?.[0] as ThrottleScope | undefined;
}
