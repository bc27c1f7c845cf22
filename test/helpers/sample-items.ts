/** Valid submission items for tests: a compliance policy assignment moved to a group. */
export function complianceItem(n: number, groupId = '5e1b7c2a-0000-4000-8000-000000000001') {
  return {
    ref: `change-${n}`,
    path: `/deviceManagement/deviceCompliancePolicies/policy-${n}/assignments/assignment-${n}`,
    body: {
      '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
      target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId },
    },
  };
}

export function submission(count: number, extra: Record<string, unknown> = {}) {
  return { label: 'test batch', ...extra, items: Array.from({ length: count }, (_, n) => complianceItem(n)) };
}
