import { describe, expect, it } from 'vitest';
import { groupReplacementItems } from '../../../src/events/group-replacement.js';

const OLD = '9a000000-0000-4000-8000-000000000001';
const NEW = '9b000000-0000-4000-8000-000000000001';
const configPath = (policy: string, id: string) => `/deviceManagement/deviceConfigurations/${policy}/assignments/${id}`;

function scanned(path: string, assignment: Record<string, unknown>, endpointId = 'deviceConfigurationAssignment') {
  return { endpointId, apiVersion: 'beta' as const, path, policy: { kind: 'deviceConfiguration' as const, id: 'p', odataType: undefined, displayName: 'Wi-Fi' }, assignment };
}

describe('groupReplacementItems', () => {
  it('moves includes and exclusions of the old group, keeping filter, kind and intent', () => {
    const include = {
      id: 'a1',
      intent: 'apply',
      target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: OLD.toUpperCase(), deviceAndAppManagementAssignmentFilterId: 'f1', deviceAndAppManagementAssignmentFilterType: 'include' },
    };
    const exclusion = { id: 'a2', target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: OLD, deviceAndAppManagementAssignmentFilterId: null } };
    const other = { id: 'a3', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'someone-else' } };
    const items = groupReplacementItems([scanned(configPath('p1', 'a1'), include), scanned(configPath('p1', 'a2'), exclusion), scanned(configPath('p1', 'a3'), other)], OLD, NEW);
    expect(items).toEqual([
      {
        ref: 'Wi-Fi',
        apiVersion: 'beta',
        path: configPath('p1', 'a1'),
        body: {
          '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
          target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: NEW, deviceAndAppManagementAssignmentFilterId: 'f1', deviceAndAppManagementAssignmentFilterType: 'include' },
          intent: 'apply',
        },
      },
      {
        ref: 'Wi-Fi',
        apiVersion: 'beta',
        path: configPath('p1', 'a2'),
        body: { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: NEW } },
      },
    ]);
  });

  it('changes an assignment read under two paths once, through the first', () => {
    const assignment = { id: 'cert_9a01', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: OLD } };
    const direct = scanned(configPath('cert', 'cert_9a01'), assignment);
    const nested = scanned('/deviceManagement/deviceConfigurations/profile/rootCertificate/assignments/cert_9a01', assignment, 'deviceConfigurationAssignment.rootCertificate');
    const items = groupReplacementItems([direct, nested], OLD, NEW) as Array<{ path: string }>;
    expect(items.map((i) => i.path)).toEqual([direct.path]);
  });
});
