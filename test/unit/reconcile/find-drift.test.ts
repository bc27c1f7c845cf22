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
  return parse({ assignments: entries.map(([id, g]) => ({ path: itemPath(id), body: { target: group(g) } })) }).value;
}

function parse(document: unknown) {
  const parsed = parseDesiredState([{ name: 'd.json', text: JSON.stringify(document) }]);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed;
}

describe('findDrift', () => {
  it('sorts assignments into in sync, changed, missing and undeclared', () => {
    const drift = findDrift(desired([['a1', 'g1'], ['a2', 'g-new'], ['a9', 'g1']]), [observed('a1', 'g1'), observed('a2', 'g-old'), observed('a3', 'g3')]);
    expect(drift.counts).toEqual({ declared: 3, inSync: 1, changed: 1, missing: 1, undeclared: 1 });
    // The changed one is PATCHed back; the missing one is created on its policy, in beta.
    expect(drift.toFix.map((i) => [i.action ?? 'patch', i.path, i.apiVersion])).toEqual([
      ['patch', itemPath('a2'), 'v1.0'],
      ['add', `/deviceManagement/deviceCompliancePolicies/${POLICY}`, 'beta'],
    ]);
    expect(drift.entries.map((e) => e.fix)).toEqual(['patch', 'add', null]);
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

  it('finds a declared assignment written again under a new id by its target in the same policy', () => {
    const drift = findDrift(desired([['a1', 'g1']]), [observed(`${POLICY}_g1`, 'g1')]);
    expect(drift.counts).toMatchObject({ inSync: 1, missing: 0, undeclared: 0 });
  });

  it('declares by policy and target, and removes what an exclusive policy holds undeclared', () => {
    const parsed = parse({
      policies: [{ policy: `/deviceManagement/deviceCompliancePolicies/${POLICY}`, exclusive: true }],
      assignments: [{ policy: `/beta/deviceManagement/deviceCompliancePolicies/${POLICY}`, target: group('g1') }, { policy: `/deviceManagement/deviceCompliancePolicies/${POLICY}`, target: group('g2') }],
    });
    const drift = findDrift(parsed.value, [observed('a1', 'g1'), observed('a3', 'g3')], parsed.exclusivePolicies);
    expect(drift.counts).toEqual({ declared: 2, inSync: 1, changed: 0, missing: 1, undeclared: 1 });
    expect(drift.toFix.map((i) => [i.action, i.body.target])).toEqual([
      ['add', { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g2' }],
      ['remove', { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g3' }],
    ]);
    expect(drift.entries.find((e) => e.kind === 'undeclared')).toMatchObject({ path: itemPath('a3'), fix: 'remove' });
  });

  it('only reports what an exclusive policy of another id holds, and leaves policies not declared exclusive alone', () => {
    const parsed = parse({ policies: [{ policy: '/deviceManagement/deviceCompliancePolicies/other', exclusive: true }], assignments: [] });
    const drift = findDrift(parsed.value, [observed('a3', 'g3')], parsed.exclusivePolicies);
    expect(drift.toFix).toEqual([]);
    expect(drift.entries).toMatchObject([{ kind: 'undeclared', fix: null }]);
  });
});
