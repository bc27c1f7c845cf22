import { describe, expect, it } from 'vitest';
import { parseEventRules } from '../../../src/events/event-rules.js';
import { expectRuleError, rule, ruleErrors, ruleItem } from './rule-fixtures.js';

const file = (...rules: unknown[]) => ({ rules });

describe('parseEventRules: the file', () => {
  it('accepts a file with one rule and compiles it', () => {
    const result = parseEventRules(file(rule({ source: '/hr/workday', priority: 'bulk' })), 'rules.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rules).toHaveLength(1);
    expect(result.rules[0]).toMatchObject({ name: 'department-change', eventType: 'com.contoso.hr.DepartmentChanged', source: '/hr/workday', priority: 'bulk' });
    expect(Object.isFrozen(result.rules)).toBe(true);
  });

  it('accepts an empty list of rules, which matches nothing', () => {
    expect(parseEventRules({ description: 'none yet', rules: [] }, 'rules.json')).toEqual({ ok: true, rules: [] });
  });

  it.each([
    ['an array', [rule()]],
    ['null', null],
    ['a string', 'rules'],
  ])('refuses a file that is %s', (_, json) => {
    expectRuleError(json, '', 'must be a JSON object with rules');
  });

  it('refuses a file without rules', () => {
    expectRuleError({}, 'rules', 'is required');
  });

  it('refuses rules that are not an array', () => {
    expectRuleError({ rules: { a: rule() } }, 'rules', 'must be an array of rules');
  });

  it('refuses unknown keys in the file and in a rule, naming each', () => {
    const json = { rules: [rule({ evenType: 'x' })], version: 2 };
    expectRuleError(json, 'version', 'unknown property of a rules file');
    expectRuleError(json, 'rules[0].evenType', 'unknown property of a rule');
  });

  it('names the file and the field in every error, and lists every problem', () => {
    const errors = ruleErrors(file(rule(), rule({ name: 'second', eventType: 'other', items: [ruleItem({ path: '/users/{{data.id}}' })], priority: 'urgent' })));
    expect(errors).toEqual([
      'rules.json: rules[1].priority: must be one of interactive, bulk; got "urgent"',
      'rules.json: rules[1].items[0].path: is not an assignment endpoint in the catalog (checked with an id in place of each placeholder: placeholders stand for ids)',
    ]);
  });

  it('uses the file name it is given', () => {
    expect(parseEventRules({}, 'config/hr-rules.json')).toEqual({ ok: false, errors: ['config/hr-rules.json: rules: is required: an array of rules (it may be empty)'] });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere in the file without polluting Object.prototype', (key) => {
    const json = JSON.parse(`{"rules":[{"name":"a","eventType":"t","label":"l","items":[{"path":"${'/deviceManagement/deviceCompliancePolicies/p/assignments/a'}","body":{"target":{"${key}":{"polluted":true}}}}]}]}`);
    expectRuleError(json, `rules[0].items[0].body.target.${key}`, 'forbidden key');
    expect(ruleErrors(json), 'reported once, not once per check').toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseEventRules: names, types and order', () => {
  it('refuses two rules with the same name, ignoring case', () => {
    expectRuleError(file(rule({ name: 'HR move' }), rule({ name: 'hr move', eventType: 'other' })), 'rules[1].name', 'repeats the name of rules[0]');
  });

  it.each([
    ['missing', undefined, 'is required'],
    ['empty', '  ', 'must not be empty'],
    ['too long', 'x'.repeat(101), 'at most 100 characters'],
  ])('refuses a name that is %s', (_, name, text) => {
    expectRuleError(file(rule({ name })), 'rules[0].name', text);
  });

  it.each([
    ['BulkAssign.GroupReplaced', 'reserved for the service'],
    ['BulkAssign.Anything', 'reserved for the service'],
    ['Microsoft.EventGrid.SubscriptionValidationEvent', 'validation handshake'],
  ])('refuses a rule for the event type %s', (eventType, text) => {
    expectRuleError(file(rule({ eventType })), 'rules[0].eventType', text);
  });

  it('refuses a rule that an earlier rule without conditions always pre-empts', () => {
    expectRuleError(file(rule({ name: 'a' }), rule({ name: 'b', source: '/hr' })), 'rules[1]', 'can never match: rules[0] comes first');
  });

  it('refuses a rule after one with the same source and no conditions', () => {
    expectRuleError(file(rule({ name: 'a', source: '/hr' }), rule({ name: 'b', source: '/hr', when: { subject: 'x' } })), 'rules[1]', 'the same source');
  });

  it('accepts several rules for one type when the earlier ones have conditions or another source', () => {
    const rules = file(
      rule({ name: 'nl', when: { 'data.country': 'NL' } }),
      rule({ name: 'from-hr', source: '/hr' }),
      rule({ name: 'from-elsewhere', source: '/crm' }),
      rule({ name: 'any' }),
    );
    expect(parseEventRules(rules, 'rules.json').ok).toBe(true);
  });

  it('refuses a null source, explaining that leaving it out matches every source', () => {
    expectRuleError(file(rule({ source: null })), 'rules[0].source', 'matches every source');
  });
});

describe('parseEventRules: templates', () => {
  it.each([
    ['an unclosed placeholder', 'job {{id', "has '{{' without a closing '}}'"],
    ['a stray closing brace pair', 'job id}}', "has '}}' without a '{{' before it"],
    ['an empty placeholder', 'job {{ }}', 'empty placeholder'],
    ['nested braces', 'job {{ {{id}} }}', 'do not nest'],
    ['an unknown root', 'job {{event.id}}', 'a reference starts with one of id, source, type, subject, time, data, item'],
    ['a step after a string field', 'job {{id.length}}', 'id is a string and has no members'],
    ['an empty step', 'job {{data..x}}', 'empty step'],
    ['a trailing dot', 'job {{data.x.}}', 'empty step'],
    ['a step with a space', 'job {{data.first name}}', 'steps are letters, digits'],
    ['a bracket index', 'job {{data.groups[0]}}', 'steps are letters, digits'],
    ['a __proto__ step', 'job {{data.__proto__.x}}', '__proto__, constructor and prototype are refused'],
    ['a constructor step', 'job {{data.constructor}}', '__proto__, constructor and prototype are refused'],
    ['a prototype step', 'job {{data.a.prototype}}', '__proto__, constructor and prototype are refused'],
    ['code', 'job {{data.x + 1}}', 'steps are letters, digits'],
    ['a function call', 'job {{data.toString()}}', 'steps are letters, digits'],
  ])('refuses a label with %s', (_, label, text) => {
    expectRuleError(file(rule({ label })), 'rules[0].label', text);
  });

  it('accepts spaces inside the braces', () => {
    expect(parseEventRules(file(rule({ label: 'Move {{ subject }} ({{ data.employee.id }})' })), 'rules.json').ok).toBe(true);
  });

  it('accepts single braces as literal text', () => {
    expect(parseEventRules(file(rule({ label: 'set {a} to {{id}}' })), 'rules.json').ok).toBe(true);
  });

  it('refuses {{item}} in a rule without forEach', () => {
    expectRuleError(file(rule({ items: [ruleItem({ ref: '{{item.id}}' })] })), 'rules[0].items[0].ref', 'only means something in the items of a rule with forEach');
  });

  it('refuses {{item}} in the label even with forEach, as the label is made once', () => {
    const json = file(rule({ forEach: 'data.list', label: 'x {{item.id}}', items: [ruleItem({ ref: '{{item.id}}' })] }));
    expectRuleError(json, 'rules[0].label', 'only means something in the items');
  });

  it('checks placeholders inside the body, naming the exact field', () => {
    const body = { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '{{data.group id}}' } };
    expectRuleError(file(rule({ items: [ruleItem({ body })] })), 'rules[0].items[0].body.target.groupId', 'steps are letters');
  });
});

describe('parseEventRules: items', () => {
  it.each([
    ['missing', undefined, 'rules[0].items', 'is required'],
    ['empty', [], 'rules[0].items', 'at least one item'],
    ['not an array', ruleItem(), 'rules[0].items', 'must be an array of items'],
    ['an array holding a string', ['x'], 'rules[0].items[0]', 'must be an object with path and body'],
  ])('refuses items that are %s', (_, items, field, text) => {
    expectRuleError(file(rule({ items })), field, text);
  });

  it.each([
    ['without path', { path: undefined }, 'rules[0].items[0].path', 'is required'],
    ['without body', { body: undefined }, 'rules[0].items[0].body', 'is required'],
    ['with a body that is a string', { body: '{{data.body}}' }, 'rules[0].items[0].body', 'must be an object'],
    ['with a numeric ref', { ref: 5 }, 'rules[0].items[0].ref', 'must be a string, got 5'],
    ['with an unknown apiVersion', { apiVersion: 'v2.0' }, 'rules[0].items[0].apiVersion', 'must be one of v1.0, beta'],
    ['with an unknown key', { method: 'DELETE' }, 'rules[0].items[0].method', 'unknown property of an item'],
    ['with a path outside the catalog', { path: '/users/{{data.userId}}' }, 'rules[0].items[0].path', 'not an assignment endpoint'],
    ['with a path that is only a placeholder', { path: '{{data.path}}' }, 'rules[0].items[0].path', "must start with '/'"],
    ['with a path climbing out', { path: '/deviceManagement/../users/{{data.id}}' }, 'rules[0].items[0].path', 'dot segments'],
    ['with a null in the body', { body: { target: null } }, 'rules[0].items[0].body.target', 'null clears the property in Graph'],
  ])('refuses an item %s', (_, overrides, field, text) => {
    const item = Object.fromEntries(Object.entries(ruleItem(overrides)).filter(([, v]) => v !== undefined));
    expectRuleError(file(rule({ items: [item] })), field, text);
  });

  it('accepts an apiVersion that is a placeholder, and placeholders inside a path segment', () => {
    const item = ruleItem({
      apiVersion: '{{data.version}}',
      path: '/deviceManagement/deviceCompliancePolicies/{{data.policyId}}/assignments/assignment-{{data.n}}',
    });
    expect(parseEventRules(file(rule({ items: [item] })), 'rules.json').ok).toBe(true);
  });

  it('accepts numbers and booleans in a body as they are', () => {
    const body = { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '{{data.g}}' }, n: 1, b: false, list: ['{{id}}', 2] };
    expect(parseEventRules(file(rule({ items: [ruleItem({ body })] })), 'rules.json').ok).toBe(true);
  });
});

describe('parseEventRules: when and forEach', () => {
  it('accepts equality conditions on fields and data paths', () => {
    const when = { subject: 'employees', 'data.country': ['NL', 'BE'], 'data.level': 3, 'data.active': true, 'data.groups.0': 'a' };
    expect(parseEventRules(file(rule({ when })), 'rules.json').ok).toBe(true);
  });

  it.each([
    ['a key that is no reference', { 'employee.country': 'NL' }, 'rules[0].when["employee.country"]', 'a reference starts with one of'],
    ['a condition on item', { 'item.id': 'x' }, 'rules[0].when["item.id"]', 'before forEach'],
    ['a null value', { 'data.manager': null }, 'rules[0].when["data.manager"]', 'must be a string, number or boolean'],
    ['an object value', { 'data.x': { a: 1 } }, 'rules[0].when["data.x"]', 'must be a string, number or boolean'],
    ['an empty array', { 'data.x': [] }, 'rules[0].when["data.x"]', 'no value could ever match'],
    ['an array holding null', { 'data.x': ['a', null] }, 'rules[0].when["data.x"][1]', 'must be a string, number or boolean'],
    ['a forbidden step', { 'data.__proto__': 'x' }, 'rules[0].when["data.__proto__"]', 'are refused'],
  ])('refuses when with %s', (_, when, field, text) => {
    expectRuleError(file(rule({ when })), field, text);
  });

  it('refuses __proto__ as a condition key, once, without matching on it', () => {
    const json = JSON.parse('{"rules":[{"name":"a","eventType":"t","label":"l","when":{"__proto__":"x"},"items":[]}]}');
    expect(ruleErrors(json).filter((e) => e.includes('forbidden key'))).toEqual([
      'rules.json: rules[0].when.__proto__: is a forbidden key: __proto__, constructor and prototype are refused',
    ]);
  });

  it('refuses when that is not an object', () => {
    expectRuleError(file(rule({ when: ['data.x', 'y'] })), 'rules[0].when', 'must be an object');
  });

  it('accepts forEach over a data array with items that use {{item}}', () => {
    const json = file(rule({ forEach: 'data.assignments', items: [ruleItem({ path: COMPLIANCE_ITEM_PATH })] }));
    expect(parseEventRules(json, 'rules.json').ok).toBe(true);
  });

  it.each([
    ['written as a placeholder', '{{data.list}}', 'without braces'],
    ['outside the data', 'subject', 'must name an array in the event'],
    ['on item', 'item.list', 'must name an array in the event'],
    ['malformed', 'data..list', 'empty step'],
  ])('refuses forEach %s', (_, forEach, text) => {
    const json = file(rule({ forEach, items: [ruleItem({ path: COMPLIANCE_ITEM_PATH })] }));
    expectRuleError(json, 'rules[0].forEach', text);
  });

  it('refuses forEach when no item uses {{item}}, since every element would make the same changes', () => {
    expectRuleError(file(rule({ forEach: 'data.list' })), 'rules[0].forEach', 'no item uses {{item...}}');
  });
});

const COMPLIANCE_ITEM_PATH = '/deviceManagement/deviceCompliancePolicies/{{item.policyId}}/assignments/{{item.assignmentId}}';
