import { describe, expect, it } from 'vitest';
import { diffAssignment } from '../../../src/plan/diff-assignment.js';

const GROUP = '9a000000-0000-4000-8000-000000000001';
const current = {
  '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
  id: 'a1',
  intent: 'apply',
  target: {
    '@odata.type': '#microsoft.graph.groupAssignmentTarget',
    groupId: GROUP,
    deviceAndAppManagementAssignmentFilterId: null,
    deviceAndAppManagementAssignmentFilterType: 'none',
  },
};

describe('diffAssignment', () => {
  it('calls a body that states what Graph holds a no-op, however types, id case and empty filters are written', () => {
    const body = {
      '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
      target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: GROUP.toUpperCase() },
    };
    expect(diffAssignment(current, body).changed).toEqual([]);
  });

  it('names the properties a body would change and shows the assignment before and after', () => {
    const body = { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'other' }, intent: 'remove' };
    const diff = diffAssignment(current, body);
    expect(diff.changed).toEqual(['target', 'intent']);
    expect(diff.before).toMatchObject({ id: 'a1', intent: 'apply', target: { groupId: GROUP } });
    expect(diff.after).toMatchObject({ id: 'a1', intent: 'remove', target: { groupId: 'other' } });
    expect(diff.before).not.toHaveProperty('@odata.type');
  });

  it('treats a filter added to a target as a change', () => {
    const body = {
      target: {
        '@odata.type': 'microsoft.graph.groupAssignmentTarget',
        groupId: GROUP,
        deviceAndAppManagementAssignmentFilterId: 'f1',
        deviceAndAppManagementAssignmentFilterType: 'include',
      },
    };
    expect(diffAssignment(current, body).changed).toEqual(['target']);
  });

  it('leaves properties the body does not name as they are', () => {
    const diff = diffAssignment(current, { target: current.target });
    expect(diff.changed).toEqual([]);
    expect(diff.after.intent).toBe('apply');
  });
});
