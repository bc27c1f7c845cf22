import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../../src/reconcile/parse-desired-state.js';

const POLICY = '10000000-0000-4000-8000-000000000001';
const ASSIGNMENT = '1a000000-0000-4000-8000-000000000001';
const path = `/deviceManagement/deviceCompliancePolicies/${POLICY}/assignments/${ASSIGNMENT}`;
const group = (groupId: string) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId });
const entry = (groupId = 'g1', p = path) => ({ path: p, body: { target: group(groupId) } });
const doc = (name: string, value: unknown) => ({ name, text: JSON.stringify(value) });

describe('parseDesiredState', () => {
  it('resolves every declared assignment against the catalog, remembering file and position', () => {
    const result = parseDesiredState([doc('compliance.json', { description: 'baseline', assignments: [entry()] })]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(1);
    expect(result.value[0]).toMatchObject({ file: 'compliance.json', position: 0, item: { endpointId: 'deviceCompliancePolicyAssignment', path } });
  });

  it('names the file and the field of every problem', () => {
    const result = parseDesiredState([
      doc('a.json', { assignments: [{ path: '/deviceManagement/../secrets', body: { target: group('g') } }, { path, body: {} }] }),
      { name: 'b.json', text: '{ not json' },
      doc('c.json', { assignment: [] }),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.errors.map((e) => `${e.file}:${e.field}`);
    expect(fields).toContain('a.json:assignments[0].path');
    expect(fields).toContain('a.json:assignments[1].body.target');
    expect(fields).toContain('b.json:');
    expect(fields).toContain('c.json:assignment');
    expect(fields).toContain('c.json:assignments');
    expect(result.errors.find((e) => e.file === 'b.json')?.message).toMatch(/not valid JSON/);
  });

  it('refuses the same assignment declared twice, even through two files', () => {
    const result = parseDesiredState([doc('a.json', { assignments: [entry('g1')] }), doc('b.json', { assignments: [entry('g2', `/beta${path}`)] })]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { file: 'b.json', field: 'assignments[0].path', message: expect.stringContaining('same assignment as a.json assignments[0]') },
    ]);
  });

  it('names a document that could not be read, with the reason', () => {
    const result = parseDesiredState([{ name: 'huge.json', text: '', unreadable: 'is 9000000 bytes, larger than the 8388608 bytes a desired-state document may be; split it' }]);
    expect(result).toMatchObject({ ok: false, errors: [{ file: 'huge.json', field: '', message: expect.stringContaining('split it') }] });
  });

  it('refuses an empty desired state rather than reporting everything as undeclared', () => {
    const result = parseDesiredState([]);
    expect(result).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('no desired-state documents') }] });
  });

  it('reads policies declared exclusive, and refuses a policy outside the catalog or a flag that is not a boolean', () => {
    const policy = '/deviceManagement/configurationPolicies/20000000-0000-4000-8000-000000000002';
    const ok = parseDesiredState([doc('a.json', { policies: [{ policy: `/beta${policy}`, exclusive: true }, { policy: '/deviceManagement/deviceCompliancePolicies/x' }], assignments: [] })]);
    expect(ok).toMatchObject({ ok: true, exclusivePolicies: [policy.toLowerCase()] });
    const bad = parseDesiredState([doc('b.json', { policies: [{ policy: '/deviceManagement/managedDevices/x', exclusive: 'yes', extra: 1 }], assignments: [] })]);
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['policies[0].extra', 'policies[0].exclusive', 'policies[0].policy']);
  });

  it('reads a declaration by policy and target, and refuses one that says remove', () => {
    const policy = '/deviceManagement/deviceCompliancePolicies/10000000-0000-4000-8000-000000000001';
    const target = { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g1' };
    const ok = parseDesiredState([doc('a.json', { assignments: [{ policy, target }] })]);
    expect(ok.ok && ok.value[0]?.item).toMatchObject({ action: 'add', path: policy });
    const bad = parseDesiredState([doc('b.json', { assignments: [{ action: 'remove', policy, target }] })]);
    expect(bad).toMatchObject({ ok: false, errors: [{ file: 'b.json', field: 'assignments[0].action' }] });
    const twice = parseDesiredState([doc('c.json', { assignments: [{ policy, target }, { policy: `/v1.0${policy}`, target: { ...target, groupId: 'G1' } }] })]);
    expect(twice).toMatchObject({ ok: false, errors: [{ field: 'assignments[1].target' }] });
  });
});

