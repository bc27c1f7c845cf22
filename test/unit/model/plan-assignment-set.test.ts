import { describe, expect, it } from 'vitest';
import { answeredAfter, planAssignmentSet, type Assignment } from '../../../src/model/plan-assignment-set.js';
import { targetIdentity } from '../../../src/model/target-identity.js';

const G1 = '9a000000-0000-4000-8000-000000000001';
const G2 = '9a000000-0000-4000-8000-000000000002';
const G3 = '9a000000-0000-4000-8000-000000000003';
const FILTER = '9f000000-0000-4000-8000-000000000001';
const group = (groupId: string, extra: Record<string, unknown> = {}) => ({ '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId, ...extra });
const exclusion = (groupId: string) => ({ '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId });

const current: Assignment[] = [
  {
    '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
    id: 'a1',
    intent: 'apply',
    target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: G1, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' },
  },
  { id: 'a2', target: exclusion(G2) },
];

describe('targetIdentity', () => {
  it('is the type plus the principal id, whatever the case or the leading #', () => {
    expect(targetIdentity(group(G1.toUpperCase()))).toBe(targetIdentity({ '@odata.type': '#Microsoft.Graph.GroupAssignmentTarget', groupId: G1 }));
  });

  it('tells an include from an exclusion of the same group, and ignores the filter', () => {
    expect(targetIdentity(group(G1))).not.toBe(targetIdentity(exclusion(G1)));
    expect(targetIdentity(group(G1, { deviceAndAppManagementAssignmentFilterId: FILTER, deviceAndAppManagementAssignmentFilterType: 'include' }))).toBe(targetIdentity(group(G1)));
  });

  it('gives all devices one identity and refuses what is not a typed target', () => {
    const all = { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' };
    expect(targetIdentity(all)).toBe('microsoft.graph.alldevicesassignmenttarget|');
    expect(targetIdentity({ groupId: G1 })).toBeUndefined();
    expect(targetIdentity(null)).toBeUndefined();
  });
});

describe('planAssignmentSet', () => {
  it('appends a new target and keeps every assignment it does not touch, in order', () => {
    const plan = planAssignmentSet(current, [{ kind: 'add', index: 0, target: group(G3) }]);
    expect(plan.write).toBe(true);
    expect(plan.assignments.map((a) => a.id ?? 'new')).toEqual(['a1', 'a2', 'new']);
    expect(plan.assignments[2]).toEqual({ target: group(G3) });
    expect(plan.outcomes).toEqual([{ index: 0, result: 'changed', before: null, after: { target: group(G3) } }]);
  });

  it('calls an add of a target already assigned, same filter and intent, a no-op however it is spelt', () => {
    const plan = planAssignmentSet(current, [{ kind: 'add', index: 4, target: group(G1.toUpperCase()), intent: 'apply' }]);
    expect(plan.write).toBe(false);
    expect(plan.outcomes[0]).toMatchObject({ index: 4, result: 'noop', before: { id: 'a1' }, after: { id: 'a1' } });
  });

  it('updates the assignment with the same target identity when the filter or intent differ', () => {
    const filtered = group(G1, { deviceAndAppManagementAssignmentFilterId: FILTER, deviceAndAppManagementAssignmentFilterType: 'include' });
    const plan = planAssignmentSet(current, [{ kind: 'add', index: 0, target: filtered, intent: 'remove' }]);
    expect(plan.write).toBe(true);
    expect(plan.assignments).toHaveLength(2);
    expect(plan.assignments[0]).toEqual({ id: 'a1', intent: 'remove', target: filtered });
    expect(plan.outcomes[0]).toMatchObject({ result: 'changed', before: { id: 'a1', intent: 'apply' }, after: { id: 'a1', intent: 'remove' } });
  });

  it('leaves the intent alone when an add does not state one', () => {
    const plan = planAssignmentSet(current, [{ kind: 'add', index: 0, target: group(G1) }]);
    expect(plan.write).toBe(false);
  });

  it('drops the assignment a remove names and calls a remove that finds nothing a no-op', () => {
    const plan = planAssignmentSet(current, [
      { kind: 'remove', index: 0, target: exclusion(G2) },
      { kind: 'remove', index: 1, target: group(G3) },
    ]);
    expect(plan.assignments.map((a) => a.id)).toEqual(['a1']);
    expect(plan.outcomes).toEqual([
      { index: 0, result: 'changed', before: { id: 'a2', target: exclusion(G2) }, after: null },
      { index: 1, result: 'noop', before: null, after: null },
    ]);
  });

  it('applies twelve adds to one set in one plan', () => {
    const changes = Array.from({ length: 12 }, (_, n) => ({ kind: 'add' as const, index: n, target: group(`9c000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`) }));
    const plan = planAssignmentSet(current, changes);
    expect(plan.assignments).toHaveLength(14);
    expect(plan.outcomes.every((o) => o.result === 'changed')).toBe(true);
  });

  it('changes one assignment by id as a PATCH would, and reports an id the set does not hold', () => {
    const plan = planAssignmentSet(current, [
      { kind: 'replace', index: 0, assignmentId: 'A1', body: { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', target: group(G3) } },
      { kind: 'replace', index: 1, assignmentId: 'gone', body: { target: group(G3) } },
    ]);
    expect(plan.assignments[0]).toEqual({ id: 'a1', intent: 'apply', target: group(G3) });
    expect(plan.outcomes[1]).toEqual({ index: 1, result: 'notFound', assignmentId: 'gone' });
  });

  it('refuses to undo over a change made since: the assignment must still look as the job left it', () => {
    const leftByJob = { id: 'a1', intent: 'apply', target: group(G2) };
    const plan = planAssignmentSet(current, [
      { kind: 'add', index: 0, target: group(G1), expect: { assignment: leftByJob } },
      { kind: 'add', index: 1, target: group(G3), expect: { assignment: null } },
      { kind: 'remove', index: 2, target: exclusion(G2), expect: { assignment: { id: 'other-id', target: exclusion(G2.toUpperCase()) } } },
    ]);
    expect(plan.outcomes.map((o) => o.result)).toEqual(['changedSince', 'changed', 'changed']);
    expect(plan.outcomes[0]).toMatchObject({ before: { id: 'a1' }, expected: leftByJob });
    expect(plan.assignments.map((a) => a.id ?? 'new')).toEqual(['a1', 'new']);
  });

  it('refuses to assign an include and an exclusion of one group together, changing nothing for it', () => {
    const plan = planAssignmentSet(current, [
      { kind: 'add', index: 0, target: group(G2) },
      { kind: 'add', index: 1, target: group(G3) },
    ]);
    expect(plan.outcomes[0]).toMatchObject({ result: 'conflict', before: null, with: { id: 'a2' } });
    expect(plan.outcomes[1]).toMatchObject({ result: 'changed' });
    expect(plan.assignments.map((a) => a.id ?? 'new')).toEqual(['a1', 'a2', 'new']);
  });

  it('finds each change in the set Graph answered with, ids regenerated or not', () => {
    const plan = planAssignmentSet(current, [
      { kind: 'add', index: 0, target: group(G3) },
      { kind: 'remove', index: 1, target: exclusion(G2) },
    ]);
    const answered = [
      { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', id: 'a1', target: group(G1) },
      { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', id: `p_${G3}`, target: group(G3) },
    ];
    expect(answeredAfter(plan.outcomes[0]!, answered)).toEqual({ id: `p_${G3}`, target: group(G3) });
    expect(answeredAfter(plan.outcomes[1]!, answered)).toBeNull();
  });
});
