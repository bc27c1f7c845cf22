import type { SimSeed } from '../../tools/graph-sim/sim-seed.js';

/** A simulator seed with `count` compliance policies of one assignment each, for jobs of many items. */
export function bulkSeed(count: number): { seed: SimSeed; items: Array<{ ref: string; path: string; body: Record<string, unknown> }> } {
  const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const policies = Array.from({ length: count }, (_, n) => ({
    kind: 'deviceCompliancePolicy' as const,
    id: id('b0000000', n),
    odataType: 'microsoft.graph.windows10CompliancePolicy',
    displayName: `Bulk policy ${n}`,
    assignments: [{ id: id('ba000000', n), target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }],
  }));
  const items = policies.map((p, n) => ({
    ref: `bulk-${n}`,
    path: `/deviceManagement/deviceCompliancePolicies/${p.id}/assignments/${p.assignments[0]!.id}`,
    body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `group-${n}` } },
  }));
  return { seed: { policies }, items };
}
