import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/catalog/validate-submission.js';
import { matchEventRule, parseEventRules } from '../../../src/events/event-rules.js';
import { GROUP_REPLACED_EVENT_TYPE } from '../../../src/events/group-replacement.js';
import { EVENT_LIMITS, parseEventDelivery } from '../../../src/events/parse-event-delivery.js';

const doc = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');

/** The JSON code blocks of the section that starts at `heading`, in order. */
function jsonBlocks(heading: string): unknown[] {
  const section = doc.slice(doc.indexOf(heading));
  const end = section.indexOf('\n### ', heading.length);
  const text = end < 0 ? section : section.slice(0, end);
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1] as string));
}

describe('docs/events.md', () => {
  const [rulesFile, event, expected] = jsonBlocks('### Complete example');

  it('has a complete example that loads without errors', () => {
    expect(parseEventRules(rulesFile, 'rules.json')).toMatchObject({ ok: true });
  });

  it('shows the submission the example event really makes, and it is a valid job', () => {
    const rules = parseEventRules(rulesFile, 'rules.json');
    const delivery = parseEventDelivery({ contentType: 'application/cloudevents+json', aegEventType: undefined, body: event });
    if (!rules.ok || delivery.kind !== 'events' || !delivery.events[0]) throw new Error('the example does not parse');
    const match = matchEventRule(rules.rules, delivery.events[0]);
    expect(match).toEqual({ kind: 'submission', ruleName: 'department-compliance', submission: expected });
    expect(validateSubmission(expected).ok).toBe(true);
  });

  it('shows what a rule of assignment-set items makes of its event, and it is a valid job', () => {
    const [setRules, setEvent, setExpected] = jsonBlocks('### Adding and removing assignments');
    const rules = parseEventRules(setRules, 'rules.json');
    const delivery = parseEventDelivery({ contentType: 'application/cloudevents+json', aegEventType: undefined, body: setEvent });
    if (!rules.ok || delivery.kind !== 'events' || !delivery.events[0]) throw new Error('the example does not parse');
    expect(matchEventRule(rules.rules, delivery.events[0])).toEqual({ kind: 'submission', ruleName: 'department-baseline', submission: setExpected });
    const validated = validateSubmission(setExpected);
    expect(validated.ok && validated.value.items.map((i) => i.action)).toEqual(['add', 'add', 'remove']);
  });

  it('states the limits and the built-in event type the code uses', () => {
    expect(doc).toContain(`At most ${EVENT_LIMITS.maxEventsPerDelivery} events`);
    expect(doc).toContain(`${EVENT_LIMITS.maxAttributeLength.toLocaleString('en-US')} characters`);
    expect(doc).toContain(`\`${GROUP_REPLACED_EVENT_TYPE}\``);
  });
});
