import { expect } from 'vitest';
import type { FieldError } from '../../../src/validation/field-errors.js';
import type { IncomingEvent } from '../../../src/model/incoming-event.js';
import { parseEventDelivery, type EventDelivery } from '../../../src/events/parse-event-delivery.js';

export const TOPIC = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hr/providers/Microsoft.EventGrid/topics/hr-events';

/** A valid CloudEvents 1.0 event in the JSON format; override any member. */
export function cloudEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: 'evt-1',
    source: '/hr/workday',
    type: 'com.contoso.hr.DepartmentChanged',
    time: '2026-01-31T09:30:00Z',
    datacontenttype: 'application/json',
    data: { employeeId: 'e-42', department: 'finance' },
    ...overrides,
  };
}

/** A valid Event Grid schema event as Event Grid delivers it; override any property. */
export function eventGridEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'eg-1',
    topic: TOPIC,
    subject: 'employees/e-42',
    eventType: 'Contoso.HR.DepartmentChanged',
    eventTime: '2026-01-31T09:30:00.9584103Z',
    data: { employeeId: 'e-42' },
    dataVersion: '1.0',
    metadataVersion: '1',
    ...overrides,
  };
}

/** Event Grid's subscription validation event, as it arrives at a webhook. */
export function validationEvent(data: Record<string, unknown> = {}): Record<string, unknown> {
  return eventGridEvent({
    id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
    subject: '',
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: '2026-01-31T09:30:00.1981776Z',
    data: {
      validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
      validationUrl: 'https://rp-westeurope.eventgrid.azure.net:553/eventsubscriptions/bulk/validate?id=1&token=abc',
      ...data,
    },
    dataVersion: '1',
  });
}

/** An IncomingEvent as the parsers produce it, for rule tests. */
export function incomingEvent(overrides: Partial<IncomingEvent> = {}): IncomingEvent {
  return {
    schema: 'cloudEvents',
    id: 'evt-1',
    source: '/hr/workday',
    type: 'com.contoso.hr.DepartmentChanged',
    subject: 'employees/e-42',
    time: '2026-01-31T09:30:00Z',
    data: {},
    ...overrides,
  };
}

export function deliver(body: unknown, contentType: string | undefined = 'application/json', aegEventType?: string): EventDelivery {
  return parseEventDelivery({ contentType, aegEventType, body });
}

/** The events of an accepted delivery; fails the test when it was anything else. */
export function eventsOf(delivery: EventDelivery): readonly IncomingEvent[] {
  if (delivery.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(delivery)}`);
  return delivery.events;
}

/** The errors of a refused delivery or result; fails the test when it was accepted. */
export function deliveryErrors(result: EventDelivery | { ok: boolean; errors?: FieldError[] }): FieldError[] {
  if ('kind' in result && result.kind === 'invalid') return result.errors;
  if ('ok' in result && !result.ok && result.errors) return result.errors;
  throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
}

/** Asserts that one error names `field` and that its message contains `text`. */
export function expectFieldError(result: EventDelivery | { ok: boolean; errors?: FieldError[] }, field: string, text: string | RegExp): void {
  const errors = deliveryErrors(result);
  const atField = errors.filter((e) => e.field === field);
  expect(atField, `no error at ${field}; got ${JSON.stringify(errors)}`).not.toHaveLength(0);
  const messages = atField.map((e) => e.message).join(' | ');
  if (typeof text === 'string') expect(messages).toContain(text);
  else expect(messages).toMatch(text);
}
