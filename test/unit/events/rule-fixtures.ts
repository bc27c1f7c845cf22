import { expect } from 'vitest';
import { parseEventRules, type EventRules } from '../../../src/events/event-rules.js';

export const POLICY_ID = '5e8d6c1a-2b3f-4a7d-9c0e-1f2a3b4c5d6e';
export const ASSIGNMENT_ID = '92dc3fef-3fef-92dc-ef3f-dc92ef3fdc92';
export const GROUP_ID = 'b1a2c3d4-e5f6-4789-a012-3456789abcde';
export const COMPLIANCE_TEMPLATE = '/deviceManagement/deviceCompliancePolicies/{{data.policyId}}/assignments/{{data.assignmentId}}';

/** A valid rule item: a compliance policy assignment aimed at the group the event names. */
export function ruleItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    path: COMPLIANCE_TEMPLATE,
    body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '{{data.groupId}}' } },
    ...overrides,
  };
}

/** A valid rule; override any field (an `undefined` override removes it). */
export function rule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    name: 'department-change',
    eventType: 'com.contoso.hr.DepartmentChanged',
    label: 'Department change {{id}}',
    items: [ruleItem()],
    ...overrides,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

/** Data under which `rule()` makes a valid job. */
export function ruleData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { policyId: POLICY_ID, assignmentId: ASSIGNMENT_ID, groupId: GROUP_ID, ...overrides };
}

/** Parses rules that must be valid; fails the test with the errors otherwise. */
export function rulesOf(...rules: Array<Record<string, unknown>>): EventRules {
  const result = parseEventRules({ rules }, 'rules.json');
  if (!result.ok) throw new Error(`expected valid rules, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.rules;
}

/** The errors of a refused rules file; fails the test when it was accepted. */
export function ruleErrors(json: unknown): string[] {
  const result = parseEventRules(json, 'rules.json');
  if (result.ok) throw new Error('expected the rules file to be refused, but it was accepted');
  return result.errors;
}

/** Asserts that some error starts with `rules.json: <field>: ` and contains `text`. */
export function expectRuleError(json: unknown, field: string, text: string): void {
  const errors = ruleErrors(json);
  const prefix = field === '' ? 'rules.json: ' : `rules.json: ${field}: `;
  const matching = errors.filter((e) => e.startsWith(prefix) && e.includes(text));
  expect(matching, `no error "${prefix}…${text}…" in ${JSON.stringify(errors, null, 2)}`).not.toHaveLength(0);
}
