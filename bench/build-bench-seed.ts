import type { ThrottleScope } from '../src/catalog/catalog-endpoints.js';
import type { SeedPolicy, SimSeed } from '../tools/graph-sim/sim-seed.js';

/** One PATCH the benchmark sends, aimed at an assignment that exists in the benchmark's seed. */
export interface BenchTarget {
  /** Lower-case, as matched against the simulator's write log. */
  readonly assignmentId: string;
  /** Below the version segment, as the service and the Graph SDK take it. */
  readonly path: string;
  readonly apiVersion: 'v1.0' | 'beta';
  readonly body: { readonly target: { readonly '@odata.type': string; readonly groupId: string } };
  /** The `groupId` the assignment holds once this PATCH is applied; how lost items are found. */
  readonly groupId: string;
  /** The Intune throttling family Graph counts the write against. */
  readonly family: ThrottleScope;
}

export interface BenchSeed {
  readonly seed: SimSeed;
  readonly targets: readonly BenchTarget[];
}

/**
 * Each item targets an assignment of a policy of its own. Items of one policy share the policy's
 * lease, one entity every one of them writes to take and to give it back; fifty items to a policy
 * measured that entity's contention (invocations of 12 to 16 s), not the write budget.
 */
const ASSIGNMENTS_PER_POLICY = 1;

/** Per family: the policy kind written, its collection, the version its PATCH exists in, and an id block of its own. */
const FAMILY_KINDS: Readonly<Record<ThrottleScope, { kind: SeedPolicy['kind']; odataType: string; collection: string; apiVersion: 'v1.0' | 'beta'; block: string }>> = {
  deviceConfiguration: { kind: 'deviceCompliancePolicy', odataType: 'microsoft.graph.windows10CompliancePolicy', collection: 'deviceCompliancePolicies', apiVersion: 'v1.0', block: '1' },
  deviceConfigV2: { kind: 'configurationPolicy', odataType: 'microsoft.graph.deviceManagementConfigurationPolicy', collection: 'configurationPolicies', apiVersion: 'beta', block: '2' },
  deviceEnrollment: { kind: 'deviceEnrollmentConfiguration', odataType: 'microsoft.graph.windows10EnrollmentCompletionPageConfiguration', collection: 'deviceEnrollmentConfigurations', apiVersion: 'beta', block: '3' },
};

/** GUID-shaped ids with a block of their own (`1b…` policies, `1c…` assignments, `9b…` groups for compliance), so none collides with the standard seed. */
const guid = (block: string, n: number) => `${block}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A simulator seed with `count` assignments of each family asked for, each targeted by one
 * PATCH. The standard seed holds about thirty assignments; a bulk run needs thousands, each
 * written once, so that an item that was never applied shows in the simulator's state.
 */
export function buildBenchSeed(counts: Partial<Readonly<Record<ThrottleScope, number>>>): BenchSeed {
  const policies: SeedPolicy[] = [];
  const targets: BenchTarget[] = [];
  for (const [family, count = 0] of Object.entries(counts) as Array<[ThrottleScope, number | undefined]>) {
    const { kind, odataType, collection, apiVersion, block } = FAMILY_KINDS[family];
    for (let first = 0, policy = 1; first < count; first += ASSIGNMENTS_PER_POLICY, policy++) {
      const policyId = guid(`${block}b`, policy);
      const assignments = [];
      for (let n = first; n < Math.min(count, first + ASSIGNMENTS_PER_POLICY); n++) {
        const assignmentId = guid(`${block}c`, n + 1);
        const groupId = guid(`9${block === '1' ? 'b' : block}`, n + 1);
        assignments.push({ id: assignmentId, target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: guid('9a', 1) } });
        targets.push({
          assignmentId,
          path: `/deviceManagement/${collection}/${policyId}/assignments/${assignmentId}`,
          apiVersion,
          body: { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId } },
          groupId,
          family,
        });
      }
      policies.push({ kind, id: policyId, odataType, displayName: `Benchmark ${family} policy ${policy}`, assignments });
    }
  }
  return { seed: { policies }, targets };
}
