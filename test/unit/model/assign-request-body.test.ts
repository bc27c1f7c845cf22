import { describe, expect, it } from 'vitest';
import { assignRequestBody } from '../../../src/model/assign-request-body.js';

const FILTER_PAIR = ['deviceAndAppManagementAssignmentFilterId', 'deviceAndAppManagementAssignmentFilterType'];
const groupProps = (withFilter: boolean) => () => ['groupId', ...(withFilter ? FILTER_PAIR : [])];

describe('assignRequestBody', () => {
  it('sends every assignment of the set under the kind’s body property with its type, without nulls', () => {
    const { body, dropped } = assignRequestBody(
      { bodyProperty: 'enrollmentConfigurationAssignments', resourceType: 'microsoft.graph.enrollmentConfigurationAssignment', properties: ['id', 'target', 'source', 'sourceId'], targetProperties: groupProps(true) },
      [
        { id: 'e1', source: 'direct', sourceId: null, target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g', deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' } },
        { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'h' } },
      ],
    );
    expect(body).toEqual({
      enrollmentConfigurationAssignments: [
        { '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment', id: 'e1', source: 'direct', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g', deviceAndAppManagementAssignmentFilterType: 'none' } },
        { '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'h' } },
      ],
    });
    expect(dropped).toEqual([]);
  });

  it('leaves out what the version lacks, and names the values that would be lost', () => {
    const { body, dropped } = assignRequestBody(
      { bodyProperty: 'assignments', resourceType: 'microsoft.graph.deviceConfigurationAssignment', properties: ['id', 'target'], targetProperties: groupProps(false) },
      [
        { id: 'a1', intent: 'apply', source: 'direct', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g', deviceAndAppManagementAssignmentFilterType: 'none' } },
        { id: 'a2', intent: 'remove', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'h', deviceAndAppManagementAssignmentFilterId: 'f', deviceAndAppManagementAssignmentFilterType: 'include' } },
      ],
    );
    expect(body.assignments).toEqual([
      { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', id: 'a1', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g' } },
      { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', id: 'a2', target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'h' } },
    ]);
    expect(dropped).toEqual([
      { assignmentId: 'a2', property: 'intent', value: 'remove' },
      { assignmentId: 'a2', property: 'target.deviceAndAppManagementAssignmentFilterId', value: 'f' },
      { assignmentId: 'a2', property: 'target.deviceAndAppManagementAssignmentFilterType', value: 'include' },
    ]);
  });

  it('sends a target of a type it does not know as Graph returned it', () => {
    const { body } = assignRequestBody(
      { bodyProperty: 'assignments', resourceType: 'microsoft.graph.x', properties: ['target'], targetProperties: () => undefined },
      [{ target: { '@odata.type': 'microsoft.graph.futureTarget', something: 1, nothing: null } }],
    );
    expect(body).toEqual({ assignments: [{ '@odata.type': '#microsoft.graph.x', target: { '@odata.type': 'microsoft.graph.futureTarget', something: 1 } }] });
  });

  it('writes an empty set as an empty list, which removes every assignment', () => {
    expect(assignRequestBody({ bodyProperty: 'assignments', resourceType: 'microsoft.graph.x', properties: ['target'] }, []).body).toEqual({ assignments: [] });
  });
});
