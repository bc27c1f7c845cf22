import { describe, expect, it } from 'vitest';
import { findDrift, type ObservedAssignment } from '../../../src/reconcile/find-drift.js';
import { parseDesiredState } from '../../../src/reconcile/parse-desired-state.js';

const POLICY = '10000000-0000-4000-8000-000000000001';
const itemPath = (id: string) => `/deviceManagement/deviceCompliancePolicies/${POLICY}/assignments/${id}`;
const group = (groupId: string) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId });

function observed(id: string, groupId: string): ObservedAssignment {
  return {
    endpointId: 'deviceCompliancePolicyAssignment',
    path: itemPath(id),
    params: { deviceCompliancePolicyId: POLICY, deviceCompliancePolicyAssignmentId: id },
    policy: { kind: 'deviceCompliancePolicy', id: POLICY, displayName: 'Baseline' },
    assignment: { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id, target: group(groupId) },
  };
}

function desired(entries: Array<[string, string]>) {
  const parsed = parseDesiredState([
    { name: 'd.json', text: JSON.stringify({ assignments: entries.map(([id, g]) => ({ path: itemPath(id), body: { target: group(g) } })) }) },
  ]);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('findDrift', () => {
  it('sorts assignments into in sync, changed, missing and undeclared', () => {
    const drift = findDrift(desired([['a1', 'g1'], ['a2', 'g-new'], ['a9', 'g1']]), [observed('a1', 'g1'), observed('a2', 'g-old'), observed('a3', 'g3')]);
    expect(drift.counts).toEqual({ declared: 3, inSync: 1, changed: 1, missing: 1, undeclared: 1 });
    expect(drift.toFix.map((d) => d.item.path)).toEqual([itemPath('a2')]);
    const kinds = drift.entries.map((e) => `${e.kind}:${e.path.split('/').at(-1)}`);
    expect(kinds).toEqual(['changed:a2', 'missing:a9', 'undeclared:a3']);
    const changed = drift.entries.find((e) => e.kind === 'changed');
    expect(changed).toMatchObject({ file: 'd.json', position: 1, changed: ['target'], before: { target: { groupId: 'g-old' } }, after: { target: { groupId: 'g-new' } } });
  });

  it('finds nothing to fix when Graph holds exactly the desired state', () => {
    const drift = findDrift(desired([['a1', 'g1']]), [observed('a1', 'G1'.toLowerCase())]);
    expect(drift.toFix).toEqual([]);
    expect(drift.entries).toEqual([]);
  });
});
