import { describe, expect, it } from 'vitest';
import { parseEventGridTriggerEvent } from '../../../src/events/parse-event-delivery.js';
import { TOPIC, cloudEvent, eventGridEvent, expectFieldError, validationEvent } from './event-fixtures.js';

describe('parseEventGridTriggerEvent', () => {
  it('accepts an Event Grid schema event and maps it like the webhook does', () => {
    expect(parseEventGridTriggerEvent(eventGridEvent())).toEqual({
      ok: true,
      event: {
        schema: 'eventGrid',
        id: 'eg-1',
        source: TOPIC,
        type: 'Contoso.HR.DepartmentChanged',
        subject: 'employees/e-42',
        time: '2026-01-31T09:30:00.9584103Z',
        data: { employeeId: 'e-42' },
      },
    });
  });

  it('accepts a CloudEvent, for subscriptions that deliver the CloudEvents schema', () => {
    const result = parseEventGridTriggerEvent(cloudEvent());
    expect(result).toMatchObject({ ok: true, event: { schema: 'cloudEvents', id: 'evt-1', source: '/hr/workday' } });
  });

  it('names fields without a position, since there is one event', () => {
    expectFieldError(parseEventGridTriggerEvent(eventGridEvent({ eventTime: 'yesterday' })), 'eventTime', 'RFC 3339');
    expectFieldError(parseEventGridTriggerEvent(cloudEvent({ specversion: '0.3' })), 'specversion', 'must be "1.0"');
  });

  it('refuses a subscription validation event, which the trigger answers itself', () => {
    expectFieldError(parseEventGridTriggerEvent(validationEvent()), 'eventType', 'answers itself');
  });

  it.each([
    ['an array', [eventGridEvent()]],
    ['null', null],
    ['a string', '{}'],
  ])('refuses %s', (_, value) => {
    expectFieldError(parseEventGridTriggerEvent(value), '', 'must be an event object');
  });

  it('refuses an object of neither schema', () => {
    expectFieldError(parseEventGridTriggerEvent({ id: 'x' }), '', 'neither a CloudEvent');
  });
});
