import { describe, expect, it } from 'vitest';
import { deliver, eventGridEvent, expectFieldError, validationEvent } from './event-fixtures.js';

describe('parseEventDelivery: the Event Grid validation handshake', () => {
  it('answers the validation handshake with the code it was given', () => {
    const result = deliver([validationEvent()], 'application/json', 'SubscriptionValidation');
    expect(result).toEqual({
      kind: 'validation',
      validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
      validationUrl: 'https://rp-westeurope.eventgrid.azure.net:553/eventsubscriptions/bulk/validate?id=1&token=abc',
    });
  });

  it('answers a handshake replayed by hand without the aeg-event-type header', () => {
    expect(deliver([validationEvent()], 'application/json', undefined)).toMatchObject({ kind: 'validation' });
  });

  it('answers a handshake sent as a single object rather than an array', () => {
    expect(deliver(validationEvent(), 'application/json', 'SubscriptionValidation')).toMatchObject({ kind: 'validation' });
  });

  it('leaves validationUrl out when Event Grid sent none', () => {
    const event = validationEvent();
    delete (event.data as Record<string, unknown>).validationUrl;
    const result = deliver([event], 'application/json', 'SubscriptionValidation');
    expect(result).toEqual({ kind: 'validation', validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  it('refuses a validation event mixed with other events, naming it', () => {
    const result = deliver([eventGridEvent(), validationEvent()], 'application/json', 'SubscriptionValidation');
    expectFieldError(result, 'events[1].eventType', 'sends alone');
  });

  it('refuses a validation event whose header says Notification', () => {
    expectFieldError(deliver([validationEvent()], 'application/json', 'Notification'), 'headers["aeg-event-type"]', 'is Notification');
  });

  it('refuses a SubscriptionValidation header over a body of ordinary events', () => {
    const result = deliver([eventGridEvent()], 'application/json', 'SubscriptionValidation');
    expectFieldError(result, 'headers["aeg-event-type"]', 'holds no Microsoft.EventGrid.SubscriptionValidationEvent');
  });

  it.each([
    ['a missing validationCode', { validationCode: undefined }, 'events[0].data.validationCode', 'is required'],
    ['an empty validationCode', { validationCode: '' }, 'events[0].data.validationCode', 'must not be empty'],
    ['a numeric validationCode', { validationCode: 7 }, 'events[0].data.validationCode', 'must be a string'],
    ['a plain-http validationUrl', { validationUrl: 'http://example.test/validate' }, 'events[0].data.validationUrl', 'https URL'],
    ['a validationUrl that is not a URL', { validationUrl: 'not a url' }, 'events[0].data.validationUrl', 'https URL'],
  ])('refuses a handshake with %s', (_, data, field, text) => {
    expectFieldError(deliver([validationEvent(data)], 'application/json', 'SubscriptionValidation'), field, text);
  });

  it('reads the aeg-event-type header without regard to case', () => {
    expect(deliver([validationEvent()], 'application/json', 'subscriptionvalidation')).toMatchObject({ kind: 'validation' });
  });

  it('refuses an aeg-event-type it does not know', () => {
    expectFieldError(deliver([eventGridEvent()], 'application/json', 'SubscriptionDeletion'), 'headers["aeg-event-type"]', 'must be Notification or SubscriptionValidation');
  });
});
