import { describe, expect, it } from 'vitest';
import { assignRequestBody } from '../../../src/model/assign-request-body.js';

describe('assignRequestBody', () => {
  it('sends every assignment of the set under the kind’s body property with its type, without nulls', () => {
    const body = assignRequestBody(
      { bodyProperty: 'enrollmentConfigurationAssignments', resourceType: 'microsoft.graph.enrollmentConfigurationAssignment', properties: ['id', 'target', 'source', 'sourceId'] },
      [
        { id: 'e1', source: 'direct', sourceId: null, target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g', deviceAndAppManagementAssignmentFilterId: null } },
        { target: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' }, intent: 'apply' },
      ],
    );
    expect(body).toEqual({
      enrollmentConfigurationAssignments: [
        { '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment', id: 'e1', source: 'direct', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g' } },
        { '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment', target: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' } },
      ],
    });
  });

  it('writes an empty set as an empty list, which removes every assignment', () => {
    expect(assignRequestBody({ bodyProperty: 'assignments', resourceType: 'microsoft.graph.x', properties: ['target'] }, [])).toEqual({ assignments: [] });
  });
});
