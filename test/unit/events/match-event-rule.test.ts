import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/catalog/validate-submission.js';
import { matchEventRule, type EventRuleMatch } from '../../../src/events/event-rules.js';
import { ASSIGNMENT_ID, COMPLIANCE_TEMPLATE, GROUP_ID, POLICY_ID, rule, ruleData, ruleItem, rulesOf } from './rule-fixtures.js';
import { incomingEvent } from './event-fixtures.js';

const TYPE = 'com.contoso.hr.DepartmentChanged';
const COMPLIANCE_PATH = `/deviceManagement/deviceCompliancePolicies/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`;

function submissionOf(match: EventRuleMatch) {
  if (match.kind !== 'submission') throw new Error(`expected a submission, got ${JSON.stringify(match)}`);
  return match.submission;
}

function errorsOf(match: EventRuleMatch) {
  if (match.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(match)}`);
  return match.errors;
}

describe('matchEventRule: which rule applies', () => {
  it('answers noRule when no rule has the event type', () => {
    expect(matchEventRule(rulesOf(rule()), incomingEvent({ type: 'com.contoso.hr.Hired' }))).toEqual({ kind: 'noRule' });
  });

  it('answers noRule when there are no rules', () => {
    expect(matchEventRule([], incomingEvent())).toEqual({ kind: 'noRule' });
  });

  it('compares the event type exactly, with case', () => {
    expect(matchEventRule(rulesOf(rule()), incomingEvent({ type: TYPE.toLowerCase(), data: ruleData() }))).toEqual({ kind: 'noRule' });
  });

  it('matches a rule without source from any source, including none', () => {
    const rules = rulesOf(rule());
    expect(matchEventRule(rules, incomingEvent({ source: '/anything', data: ruleData() })).kind).toBe('submission');
    expect(matchEventRule(rules, incomingEvent({ source: '', data: ruleData() })).kind).toBe('submission');
  });

  it('matches a rule with source only from exactly that source', () => {
    const rules = rulesOf(rule({ source: '/hr/workday' }));
    expect(matchEventRule(rules, incomingEvent({ source: '/hr/workday', data: ruleData() })).kind).toBe('submission');
    expect(matchEventRule(rules, incomingEvent({ source: '/hr/Workday', data: ruleData() })).kind).toBe('noRule');
    expect(matchEventRule(rules, incomingEvent({ source: '', data: ruleData() })).kind).toBe('noRule');
  });

  it('takes the first matching rule in file order', () => {
    const rules = rulesOf(rule({ name: 'first', source: '/hr/workday' }), rule({ name: 'second' }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData() }))).toMatchObject({ ruleName: 'first' });
    expect(matchEventRule(rules, incomingEvent({ source: '/crm', data: ruleData() }))).toMatchObject({ ruleName: 'second' });
  });

  it('passes over a rule whose conditions do not hold to the next one', () => {
    const rules = rulesOf(rule({ name: 'dutch', when: { 'data.country': 'NL' } }), rule({ name: 'others' }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ country: 'NL' }) }))).toMatchObject({ ruleName: 'dutch' });
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ country: 'DE' }) }))).toMatchObject({ ruleName: 'others' });
  });

  it('requires every condition to hold', () => {
    const rules = rulesOf(rule({ when: { 'data.country': 'NL', subject: 'employees/e-42' } }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ country: 'NL' }) })).kind).toBe('submission');
    expect(matchEventRule(rules, incomingEvent({ subject: 'employees/e-7', data: ruleData({ country: 'NL' }) })).kind).toBe('noRule');
  });

  it('treats an array in when as any of its values', () => {
    const rules = rulesOf(rule({ when: { 'data.country': ['NL', 'BE'] } }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ country: 'BE' }) })).kind).toBe('submission');
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ country: 'FR' }) })).kind).toBe('noRule');
  });

  it('compares strictly: the string "3" does not equal the number 3', () => {
    const rules = rulesOf(rule({ when: { 'data.level': 3, 'data.active': true } }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ level: 3, active: true }) })).kind).toBe('submission');
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ level: '3', active: true }) })).kind).toBe('noRule');
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ level: 3, active: 'true' }) })).kind).toBe('noRule');
  });

  it('treats a condition on something the event lacks as not holding', () => {
    const rules = rulesOf(rule({ when: { 'data.employee.country': 'NL' } }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData() })).kind).toBe('noRule');
    expect(matchEventRule(rules, incomingEvent({ data: undefined })).kind).toBe('noRule');
  });

  it('reads array elements by index in conditions', () => {
    const rules = rulesOf(rule({ when: { 'data.tags.1': 'vip' } }));
    expect(matchEventRule(rules, incomingEvent({ data: ruleData({ tags: ['staff', 'vip'] }) })).kind).toBe('submission');
  });
});

describe('matchEventRule: building the job', () => {
  it('fills the placeholders from the event and its data', () => {
    const rules = rulesOf(
      rule({
        label: '{{type}} from {{source}} about {{subject}} at {{time}}: {{id}}',
        priority: 'interactive',
        items: [ruleItem({ ref: 'level-{{data.level}}', apiVersion: 'v1.0' })],
      }),
    );
    const match = matchEventRule(rules, incomingEvent({ data: ruleData({ level: 2.5 }) }));
    expect(match).toEqual({
      kind: 'submission',
      ruleName: 'department-change',
      submission: {
        label: `${TYPE} from /hr/workday about employees/e-42 at 2026-01-31T09:30:00Z: evt-1`,
        priority: 'interactive',
        items: [
          {
            ref: 'level-2.5',
            apiVersion: 'v1.0',
            path: COMPLIANCE_PATH,
            body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID } },
          },
        ],
      },
    });
  });

  it('makes a job that validateSubmission accepts', () => {
    const submission = submissionOf(matchEventRule(rulesOf(rule()), incomingEvent({ data: ruleData() })));
    expect(validateSubmission(submission).ok).toBe(true);
  });

  it('leaves priority out when the rule has none, so the job size decides', () => {
    expect(submissionOf(matchEventRule(rulesOf(rule()), incomingEvent({ data: ruleData() })))).not.toHaveProperty('priority');
  });

  it('keeps numbers and booleans of the body as they are', () => {
    const body = { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '{{data.groupId}}' }, n: 1, on: true, list: ['{{id}}', 2] };
    const [item] = submissionOf(matchEventRule(rulesOf(rule({ items: [ruleItem({ body })] })), incomingEvent({ data: ruleData() }))).items;
    expect(item).toMatchObject({ body: { n: 1, on: true, list: ['evt-1', 2] } });
  });

  it('substitutes once: a value that looks like a placeholder stays as it is', () => {
    const match = matchEventRule(rulesOf(rule({ label: 'x {{data.note}}' })), incomingEvent({ data: ruleData({ note: '{{id}}' }) }));
    expect(submissionOf(match).label).toBe('x {{id}}');
  });

  it.each([
    ['an object', { groupId: { id: GROUP_ID } }, 'which is an object in this event'],
    ['an array', { groupId: [GROUP_ID] }, 'which is an array in this event'],
    ['a boolean', { groupId: true }, 'which is true in this event'],
    ['null', { groupId: null }, 'which is null in this event'],
  ])('refuses a placeholder that finds %s, naming it and the field', (_, data, text) => {
    const match = matchEventRule(rulesOf(rule()), incomingEvent({ data: ruleData(data) }));
    expect(match).toMatchObject({ kind: 'invalid', ruleName: 'department-change' });
    expect(errorsOf(match)).toEqual([
      { index: 0, field: 'items[0].body.target.groupId', message: `has the placeholder {{data.groupId}}, ${text}; only strings and numbers can be substituted` },
    ]);
  });

  it('refuses a placeholder that finds nothing, naming it', () => {
    const errors = errorsOf(matchEventRule(rulesOf(rule()), incomingEvent({ data: { policyId: POLICY_ID, groupId: GROUP_ID } })));
    expect(errors).toEqual([
      { index: 0, field: 'items[0].path', message: 'has the placeholder {{data.assignmentId}}, which resolves to nothing: the event has no data.assignmentId' },
    ]);
  });

  it('refuses {{subject}} for a CloudEvent without subject', () => {
    const errors = errorsOf(matchEventRule(rulesOf(rule({ label: 'for {{subject}}' })), incomingEvent({ subject: undefined, data: ruleData() })));
    expect(errors).toEqual([{ field: 'label', message: 'has the placeholder {{subject}}, which resolves to nothing: the event has no subject' }]);
  });

  it('reports every problem of the rule at once', () => {
    const errors = errorsOf(matchEventRule(rulesOf(rule({ label: '{{data.missing}}' })), incomingEvent({ data: {} })));
    expect(errors.map((e) => e.field)).toEqual(['label', 'items[0].path', 'items[0].path', 'items[0].body.target.groupId']);
  });

  it('reads only the data the sender wrote: no inherited members, no string length', () => {
    const rules = rulesOf(rule({ label: '{{data.name.length}} {{data.obj.toString}} {{data.list.length}}' }));
    const errors = errorsOf(matchEventRule(rules, incomingEvent({ data: ruleData({ name: 'abc', obj: {}, list: [1] }) })));
    expect(errors.map((e) => e.message.split(',')[0])).toEqual([
      'has the placeholder {{data.name.length}}',
      'has the placeholder {{data.obj.toString}}',
      'has the placeholder {{data.list.length}}',
    ]);
  });

  it('does not read an index past the end of an array, or a non-canonical index', () => {
    const rules = rulesOf(rule({ label: '{{data.list.01}}' }));
    expect(errorsOf(matchEventRule(rules, incomingEvent({ data: ruleData({ list: ['a', 'b'] }) })))[0]?.message).toContain('resolves to nothing');
    const second = rulesOf(rule({ label: '{{data.list.2}}' }));
    expect(errorsOf(matchEventRule(second, incomingEvent({ data: ruleData({ list: ['a', 'b'] }) })))[0]?.message).toContain('resolves to nothing');
  });
});

describe('matchEventRule: forEach', () => {
  const itemPath = '/deviceManagement/deviceCompliancePolicies/{{item.policyId}}/assignments/{{item.assignmentId}}';
  const forEachRule = (overrides: Record<string, unknown> = {}) =>
    rule({ forEach: 'data.assignments', items: [ruleItem({ ref: '{{id}}-{{item.policyId}}', path: itemPath })], ...overrides });
  const element = (n: number) => ({ policyId: `policy-${n}`, assignmentId: `assignment-${n}` });

  it('repeats the items once per element, in order', () => {
    const match = matchEventRule(rulesOf(forEachRule()), incomingEvent({ data: ruleData({ assignments: [element(1), element(2), element(3)] }) }));
    const { items } = submissionOf(match);
    expect(items.map((i) => (i as { ref: string }).ref)).toEqual(['evt-1-policy-1', 'evt-1-policy-2', 'evt-1-policy-3']);
    expect(items[1]).toMatchObject({ path: '/deviceManagement/deviceCompliancePolicies/policy-2/assignments/assignment-2' });
  });

  it('repeats several items per element, element by element', () => {
    const items = [ruleItem({ ref: 'a-{{item.policyId}}', path: itemPath }), ruleItem({ ref: 'b-{{item.policyId}}', path: itemPath })];
    const match = matchEventRule(rulesOf(forEachRule({ items })), incomingEvent({ data: ruleData({ assignments: [element(1), element(2)] }) }));
    expect(submissionOf(match).items.map((i) => (i as { ref: string }).ref)).toEqual(['a-policy-1', 'b-policy-1', 'a-policy-2', 'b-policy-2']);
  });

  it('lets {{item}} stand for an element that is a plain string', () => {
    const items = [ruleItem({ path: `/deviceManagement/deviceCompliancePolicies/{{item}}/assignments/${ASSIGNMENT_ID}` })];
    const match = matchEventRule(rulesOf(forEachRule({ forEach: 'data.policies', items })), incomingEvent({ data: ruleData({ policies: ['p1', 'p2'] }) }));
    expect(submissionOf(match).items).toHaveLength(2);
  });

  it('names the element in an error about one of them', () => {
    const match = matchEventRule(rulesOf(forEachRule()), incomingEvent({ data: ruleData({ assignments: [element(1), { policyId: 'p' }] }) }));
    expect(errorsOf(match)).toEqual([
      {
        index: 1,
        field: 'items[1].path',
        message: 'has the placeholder {{item.assignmentId}}, which resolves to nothing: the forEach element has no item.assignmentId (forEach element 1 of data.assignments)',
      },
    ]);
  });

  it.each([
    ['missing', ruleData(), 'is missing from the event'],
    ['not an array', ruleData({ assignments: element(1) }), 'must be an array'],
    ['empty', ruleData({ assignments: [] }), 'is an empty array, so rule "department-change" would make no changes'],
  ])('refuses a forEach array that is %s, naming the reference', (_, data, text) => {
    const errors = errorsOf(matchEventRule(rulesOf(forEachRule()), incomingEvent({ data })));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('data.assignments');
    expect(errors[0]?.message).toContain(text);
  });

  it('refuses a forEach that would make more items than a job holds, before making them', () => {
    const assignments = Array.from({ length: 11 }, (_, i) => element(i));
    const errors = errorsOf(matchEventRule(rulesOf(forEachRule()), incomingEvent({ data: ruleData({ assignments }) }), { maxItems: 10 }));
    expect(errors).toEqual([{ field: 'data.assignments', message: 'has 11 elements, which would make 11 items; a job holds at most 10' }]);
  });
});

describe('matchEventRule: path safety', () => {
  it.each([
    ['climbs out with ../', '../x'],
    ['adds a segment with a slash', 'a/b'],
    ['turns the path into another catalog endpoint', 'abc/microsoft.graph.iosScepCertificateProfile/rootCertificate'],
    ['carries a query string', 'x?$select=id'],
    ['is empty', ''],
  ])('refuses an item when event data filling a path id %s, naming the placeholder', (_, policyId) => {
    const match = matchEventRule(rulesOf(rule()), incomingEvent({ data: ruleData({ policyId }) }));
    expect(match).toMatchObject({ kind: 'invalid' });
    if (match.kind !== 'invalid') return;
    expect(match.errors).toEqual([
      expect.objectContaining({ field: 'items[0].path', message: expect.stringContaining('{{data.policyId}}') }),
    ]);
  });

  it('lets validateSubmission refuse a group id from the data that is not an id', () => {
    const submission = submissionOf(matchEventRule(rulesOf(rule()), incomingEvent({ data: ruleData({ groupId: 'a'.repeat(200) }) })));
    expect(validateSubmission(submission).ok).toBe(false);
  });
});
