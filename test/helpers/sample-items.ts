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

/** A settings catalog policy assignment (throttling family `deviceConfigV2`), beta only. */
export function settingsCatalogItem(n: number, groupId = '5e1b7c2a-0000-4000-8000-000000000002') {
  return {
    ref: `catalog-${n}`,
    apiVersion: 'beta',
    path: `/deviceManagement/configurationPolicies/policy-${n}/assignments/assignment-${n}`,
    body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId } },
  };
}

/** An enrollment configuration assignment (throttling family `deviceEnrollment`). */
export function enrollmentItem(n: number, groupId = '5e1b7c2a-0000-4000-8000-000000000003') {
  return {
    ref: `enrollment-${n}`,
    apiVersion: 'beta',
    path: `/deviceManagement/deviceEnrollmentConfigurations/config-${n}/assignments/assignment-${n}`,
    body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId } },
  };
}
