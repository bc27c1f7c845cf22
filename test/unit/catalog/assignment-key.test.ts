import { describe, expect, it } from 'vitest';
import { assignmentAddress, assignmentKey } from '../../../src/catalog/assignment-key.js';
import { resolveGraphPath } from '../../../src/catalog/resolve-graph-path.js';

const POLICY = '40000000-0000-4000-8000-000000000002';
const ASSIGNMENT = '4A000000-0000-4000-8000-000000000003';

/** The endpoint id and params a validated item for `path` carries. */
function resolved(path: string) {
  const r = resolveGraphPath(path);
  if (!r.ok) throw new Error(r.message);
  return { endpointId: r.value.endpoint.id, params: r.value.params };
}

const keyOf = (path: string, body?: Record<string, unknown>) => {
  const { endpointId, params } = resolved(path);
  return assignmentKey(endpointId, params, body);
};

describe('assignmentKey', () => {
  it("gives seed 003's collection path with body id the key of seed 004's item path", () => {
    const collection = keyOf(`/deviceManagement/deviceConfigurations/${POLICY}/assignments`, { id: ASSIGNMENT });
    const item = keyOf(`/deviceManagement/deviceConfigurations/${POLICY}/assignments/${ASSIGNMENT}`);
    expect(collection).toBe(item);
    expect(item).toBe(`/devicemanagement/deviceconfigurations/${POLICY}/assignments|${ASSIGNMENT.toLowerCase()}`);
  });

  it('ignores letter case, the version prefix and a type cast, which do not change the assignment', () => {
    const cast = keyOf(`/beta/deviceManagement/deviceConfigurations/${POLICY}/microsoft.graph.iosScepCertificateProfile/rootCertificate/assignments/${ASSIGNMENT}`);
    const uncast = keyOf(`/deviceManagement/DeviceConfigurations/${POLICY.toUpperCase()}/rootCertificate/assignments/${ASSIGNMENT.toLowerCase()}`);
    expect(cast).toBe(uncast);
    expect(cast).toBe(`/devicemanagement/deviceconfigurations/${POLICY}/rootcertificate/assignments|${ASSIGNMENT.toLowerCase()}`);
  });

  it('tells assignments of different holders apart', () => {
    const own = keyOf(`/deviceManagement/deviceConfigurations/${POLICY}/assignments/${ASSIGNMENT}`);
    const nested = keyOf(`/deviceManagement/deviceConfigurations/${POLICY}/rootCertificate/assignments/${ASSIGNMENT}`);
    const compliance = keyOf(`/deviceManagement/deviceCompliancePolicies/${POLICY}/assignments/${ASSIGNMENT}`);
    expect(new Set([own, nested, compliance]).size).toBe(3);
  });

  it('ignores the body of an endpoint that names the assignment in its path', () => {
    const path = `/deviceManagement/deviceCompliancePolicies/${POLICY}/assignments/${ASSIGNMENT}`;
    expect(keyOf(path, { id: 'other', target: {} })).toBe(keyOf(path));
  });

  it('refuses a seed 003 item without a body id, saying to validate it first', () => {
    const { endpointId, params } = resolved(`/deviceManagement/deviceConfigurations/${POLICY}/assignments`);
    expect(() => assignmentKey(endpointId, params, {})).toThrow(/body\.id.*validate the item first/);
    expect(() => assignmentKey('noSuchEndpoint', {}, undefined)).toThrow(/Unknown catalog endpoint noSuchEndpoint/);
  });
});

describe('assignmentAddress', () => {
  it('splits an item path into its collection and the assignment id', () => {
    const { endpointId, params } = resolved(`/deviceManagement/deviceEnrollmentConfigurations/c1/assignments/a1`);
    expect(assignmentAddress(endpointId, params, undefined)).toEqual({
      collectionPath: '/deviceManagement/deviceEnrollmentConfigurations/c1/assignments',
      assignmentId: 'a1',
    });
  });
});
