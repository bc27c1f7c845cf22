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
  /** Each on a policy of its own, so that a run measures the budget and nothing else. */
  readonly targets: readonly BenchTarget[];
  /** Compliance assignments crowded onto a few policies (see `crowded`), in policy order. */
  readonly crowdedTargets: readonly BenchTarget[];
}

/** Compliance assignments `perPolicy` to a policy, as a job changing many groups of a few policies meets them. */
export interface CrowdedPolicies {
  readonly count: number;
  readonly perPolicy: number;
}

/** Per family: the policy kind written, its collection, the version its PATCH exists in, and an id block of its own. */
const FAMILY_KINDS: Readonly<Record<ThrottleScope, { kind: SeedPolicy['kind']; odataType: string; collection: string; apiVersion: 'v1.0' | 'beta'; block: string }>> = {
  deviceConfiguration: { kind: 'deviceCompliancePolicy', odataType: 'microsoft.graph.windows10CompliancePolicy', collection: 'deviceCompliancePolicies', apiVersion: 'v1.0', block: '1' },
  deviceConfigV2: { kind: 'configurationPolicy', odataType: 'microsoft.graph.deviceManagementConfigurationPolicy', collection: 'configurationPolicies', apiVersion: 'beta', block: '2' },
  deviceEnrollment: { kind: 'deviceEnrollmentConfiguration', odataType: 'microsoft.graph.windows10EnrollmentCompletionPageConfiguration', collection: 'deviceEnrollmentConfigurations', apiVersion: 'beta', block: '3' },
};
/** The id block of the crowded compliance policies (`5b…` policies, `5c…` assignments, `95…` groups). */
const CROWDED_BLOCK = '5';

/** GUID-shaped ids with a block of their own (`1b…` policies, `1c…` assignments, `9b…` groups for compliance), so none collides with the standard seed. */
const guid = (block: string, n: number) => `${block}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A simulator seed with `count` assignments of each family asked for, each on a policy of its
 * own and targeted by one PATCH, plus the `crowded` ones. The standard seed holds about thirty
 * assignments; a bulk run needs thousands, each written once, so that an item that was never
 * applied shows in the simulator's state.
 */
export function buildBenchSeed(counts: Partial<Readonly<Record<ThrottleScope, number>>>, crowded?: CrowdedPolicies): BenchSeed {
  const policies: SeedPolicy[] = [];
  const targets: BenchTarget[] = [];
  for (const [family, count = 0] of Object.entries(counts) as Array<[ThrottleScope, number | undefined]>) {
    addPolicies(policies, targets, family, FAMILY_KINDS[family].block, count, 1);
  }
  const crowdedTargets: BenchTarget[] = [];
  if (crowded) addPolicies(policies, crowdedTargets, 'deviceConfiguration', CROWDED_BLOCK, crowded.count, crowded.perPolicy);
  return { seed: { policies }, targets, crowdedTargets };
}

/** Adds `count` assignments of `family`'s policy kind, `perPolicy` to a policy, and a PATCH target for each. */
function addPolicies(policies: SeedPolicy[], targets: BenchTarget[], family: ThrottleScope, block: string, count: number, perPolicy: number): void {
  const { kind, odataType, collection, apiVersion } = FAMILY_KINDS[family];
  for (let first = 0, policy = 1; first < count; first += perPolicy, policy++) {
    const policyId = guid(`${block}b`, policy);
    const assignments = [];
    for (let n = first; n < Math.min(count, first + perPolicy); n++) {
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
