import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/catalog/validate-submission.js';
import { matchEventRule } from '../../../src/events/event-rules.js';
import type { IncomingEvent } from '../../../src/model/incoming-event.js';
import { expectRuleError, GROUP_ID, POLICY_ID, rule, rulesOf } from './rule-fixtures.js';

const setItem = (overrides: Record<string, unknown> = {}) => ({
  action: 'add',
  policy: '/deviceManagement/deviceCompliancePolicies/{{data.policyId}}',
  target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '{{data.groupId}}' },
  ...overrides,
});
const event = (data: Record<string, unknown>): IncomingEvent => ({ schema: 'cloudEvents', id: 'e1', source: '/hr', type: 'com.contoso.hr.DepartmentChanged', subject: undefined, time: undefined, data });

describe('assignment-set items in rules', () => {
  it('turns an event into add and remove items that validate as a job', () => {
    const rules = rulesOf(rule({ items: [setItem(), setItem({ action: 'remove', apiVersion: 'beta', policy: '/deviceManagement/deviceConfigurations/{{data.policyId}}' })] }));
    const match = matchEventRule(rules, event({ policyId: POLICY_ID, groupId: GROUP_ID }));
    if (match.kind !== 'submission') throw new Error(JSON.stringify(match));
    expect(match.submission.items).toEqual([
      { action: 'add', policy: `/deviceManagement/deviceCompliancePolicies/${POLICY_ID}`, target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID } },
      { apiVersion: 'beta', action: 'remove', policy: `/deviceManagement/deviceConfigurations/${POLICY_ID}`, target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID } },
    ]);
    expect(validateSubmission(match.submission).ok).toBe(true);
  });

  it('refuses at load an action that is not add or remove, a placeholder in it, and a policy outside the catalog', () => {
    expectRuleError({ rules: [rule({ items: [setItem({ action: '{{data.action}}' })] })] }, 'rules[0].items[0].action', 'must be one of add, remove');
    expectRuleError({ rules: [rule({ items: [setItem({ policy: '/deviceManagement/managedDevices/{{data.policyId}}' })] })] }, 'rules[0].items[0].policy', 'is not a policy of the catalog');
    expectRuleError({ rules: [rule({ items: [setItem({ path: '/x' })] })] }, 'rules[0].items[0].path', 'unknown property of an assignment-set item');
    expectRuleError({ rules: [rule({ items: [setItem({ target: undefined })] })] }, 'rules[0].items[0].target', 'is required');
  });

  it('lets event data fill the policy id only, never more of the path', () => {
    const rules = rulesOf(rule({ items: [setItem()] }));
    const match = matchEventRule(rules, event({ policyId: `${POLICY_ID}/assignments`, groupId: GROUP_ID }));
    expect(match.kind).toBe('invalid');
  });
});
