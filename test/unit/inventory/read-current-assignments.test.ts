import { describe, expect, it } from 'vitest';
import { readCurrentAssignments, type CurrentAssignmentRequest } from '../../../src/inventory/read-current-assignments.js';
import { FakeGraphReader, refusal } from './fake-graph-reader.js';

const COLLECTION = '/deviceManagement/deviceConfigurations/dc1/assignments';
const a1 = { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', id: 'A1', target: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' } };
const a2 = { ...a1, id: 'a2' };

const item004 = (index: number, id: string, apiVersion: 'beta' | 'v1.0' = 'beta'): CurrentAssignmentRequest => ({
  index,
  endpointId: 'deviceConfigurationAssignment',
  apiVersion,
  params: { deviceConfigurationId: 'dc1', deviceConfigurationAssignmentId: id },
  body: {},
});
const item003 = (index: number, id: string): CurrentAssignmentRequest => ({
  index,
  endpointId: 'deviceConfigurationAssignments',
  apiVersion: 'beta',
  params: { deviceConfigurationId: 'dc1' },
  body: { id },
});

describe('readCurrentAssignments', () => {
  it("lists a collection once for seed 003 and seed 004 items of one policy, and finds each by id in any letter case", async () => {
    const graph = new FakeGraphReader().on('beta', COLLECTION, [a1, a2]);
    const current = await readCurrentAssignments(graph, [item004(0, 'a1'), item003(1, 'A2'), item004(2, 'a2')]);
    expect(graph.calls).toEqual([`beta ${COLLECTION}`]);
    expect(current.get(0)).toEqual({ found: a1 });
    expect(current.get(1)).toEqual({ found: a2 });
    expect(current.get(2)).toEqual({ found: a2 });
  });

  it('reports an id the collection does not hold as missing with 404', async () => {
    const graph = new FakeGraphReader().on('beta', COLLECTION, [a1]);
    const current = await readCurrentAssignments(graph, [item004(5, 'nope')]);
    expect(current.get(5)).toEqual({ missing: { status: 404, errorCode: undefined, errorMessage: `Assignment 'nope' is not in ${COLLECTION} (beta).` } });
  });

  it("reports Graph's refusal of the collection for every item in it", async () => {
    const graph = new FakeGraphReader().on('beta', COLLECTION, refusal(404, 'ResourceNotFound'));
    const current = await readCurrentAssignments(graph, [item004(0, 'a1'), item003(1, 'a2')]);
    const missing = { missing: { status: 404, errorCode: 'ResourceNotFound', errorMessage: 'ResourceNotFound (fake)' } };
    expect(current.get(0)).toEqual(missing);
    expect(current.get(1)).toEqual(missing);
  });

  it("reads each item in its own version", async () => {
    const graph = new FakeGraphReader().on('beta', COLLECTION, [a1]).on('v1.0', COLLECTION, [{ id: 'A1', target: a1.target }]);
    const current = await readCurrentAssignments(graph, [item004(0, 'a1', 'v1.0'), item004(1, 'a1')]);
    expect(graph.calls.sort()).toEqual([`beta ${COLLECTION}`, `v1.0 ${COLLECTION}`]);
    expect(current.get(0)).toEqual({ found: { id: 'A1', target: a1.target } });
    expect(current.get(1)).toEqual({ found: a1 });
  });

  it('answers nothing for no items, without reading', async () => {
    const graph = new FakeGraphReader();
    expect((await readCurrentAssignments(graph, [])).size).toBe(0);
    expect(graph.calls).toEqual([]);
  });
});
