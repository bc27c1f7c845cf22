import type { SeedPolicy, SimSeed } from '../tools/graph-sim/sim-seed.js';

/** One PATCH the benchmark sends, aimed at an assignment that exists in the benchmark's seed. */
export interface BenchTarget {
  /** Lower-case, as matched against the simulator's write log. */
  readonly assignmentId: string;
  /** Below the version segment, as the service and the Graph SDK take it. */
  readonly path: string;
  readonly apiVersion: 'v1.0';
  readonly body: { readonly target: { readonly '@odata.type': string; readonly groupId: string } };
  /** The `groupId` the assignment holds once this PATCH is applied; how lost items are found. */
  readonly groupId: string;
}

export interface BenchSeed {
  readonly seed: SimSeed;
  readonly targets: readonly BenchTarget[];
}

/** Compliance policies hold this many assignments each; the simulator finds an assignment by scanning its policy. */
const ASSIGNMENTS_PER_POLICY = 50;

/** GUID-shaped ids with a block of their own (`1b…` policies, `1c…` assignments, `9b…` groups), so none collides with the standard seed. */
const guid = (block: string, n: number) => `${block}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A simulator seed with `count` compliance policy assignments, each targeted by one PATCH. The
 * standard seed holds about thirty assignments; a bulk run needs thousands, each written once,
 * so that an item that was never applied shows in the simulator's state.
 */
export function buildBenchSeed(count: number): BenchSeed {
  const policies: SeedPolicy[] = [];
  const targets: BenchTarget[] = [];
  for (let first = 0; first < count; first += ASSIGNMENTS_PER_POLICY) {
    const policyId = guid('1b', policies.length + 1);
    const assignments = [];
    for (let n = first; n < Math.min(count, first + ASSIGNMENTS_PER_POLICY); n++) {
      const assignmentId = guid('1c', n + 1);
      const groupId = guid('9b', n + 1);
      assignments.push({ id: assignmentId, target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: guid('9a', 1) } });
      targets.push({
        assignmentId,
        path: `/deviceManagement/deviceCompliancePolicies/${policyId}/assignments/${assignmentId}`,
        apiVersion: 'v1.0',
        body: { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId } },
        groupId,
      });
    }
    policies.push({
      kind: 'deviceCompliancePolicy',
      id: policyId,
      odataType: 'microsoft.graph.windows10CompliancePolicy',
      displayName: `Benchmark compliance policy ${policies.length + 1}`,
      assignments,
    });
  }
  return { seed: { policies }, targets };
}
