import { describe, expect, it } from 'vitest';
import { allowedWebhookOrigin } from '../../../tools/local-host/functions-host/allowed-webhook-origin.js';
import { parseEventGridEvents } from '../../../tools/local-host/functions-host/parse-event-grid-events.js';
import { readValidationCode } from '../../../tools/local-host/functions-host/read-validation-code.js';
import { toEventGridTriggerInput } from '../../../tools/local-host/functions-host/to-event-grid-trigger-input.js';

describe('Event Grid notification bodies', () => {
  it('takes a JSON array as a batch and a single object as one CloudEvent', () => {
    expect(parseEventGridEvents('[{"id":"1"},{"id":"2"}]')).toEqual({ ok: true, events: [{ id: '1' }, { id: '2' }] });
    expect(parseEventGridEvents('{"specversion":"1.0","id":"3"}')).toEqual({ ok: true, events: [{ specversion: '1.0', id: '3' }] });
    expect(parseEventGridEvents('[]')).toEqual({ ok: true, events: [] });
  });

  it('keeps event times as the strings that were sent and ignores a byte order mark', () => {
    expect(parseEventGridEvents('\uFEFF[{"eventTime":"2024-05-01T10:00:00.1234567Z"}]')).toEqual({
      ok: true,
      events: [{ eventTime: '2024-05-01T10:00:00.1234567Z' }],
    });
  });

  it('refuses bodies that are not JSON, not an array or object, or hold a non-object event, saying why', () => {
    expect(parseEventGridEvents('[{"id":')).toMatchObject({ ok: false, reason: expect.stringMatching(/^The request body is not valid JSON: /) });
    expect(parseEventGridEvents('')).toMatchObject({ ok: false });
    expect(parseEventGridEvents('"text"')).toEqual({
      ok: false,
      reason: 'The request body must be a JSON array of events or a single CloudEvent object',
    });
    expect(parseEventGridEvents('[{"id":"1"}, 2]')).toEqual({ ok: false, reason: 'Event 1 of the request body is not a JSON object' });
  });
});

describe('subscription validation codes', () => {
  it("reads the first Event Grid event's data.validationCode", () => {
    const body = JSON.stringify([{ data: { validationCode: 'code-1' } }, { data: { validationCode: 'code-2' } }]);
    expect(readValidationCode(body)).toEqual({ ok: true, code: 'code-1' });
  });

  it('reads a CloudEvent whose data is an object or JSON encoded a second time', () => {
    expect(readValidationCode(JSON.stringify({ data: { validationCode: 'code-3' } }))).toEqual({ ok: true, code: 'code-3' });
    expect(readValidationCode(JSON.stringify({ data: JSON.stringify({ validationCode: 'code-4' }) }))).toEqual({ ok: true, code: 'code-4' });
  });

  it('echoes a numeric code as its digits and refuses a body without a code', () => {
    expect(readValidationCode('[{"data":{"validationCode":42}}]')).toEqual({ ok: true, code: '42' });
    expect(readValidationCode('[{"data":{}}]')).toEqual({ ok: false, reason: 'A SubscriptionValidation request must carry data.validationCode' });
    expect(readValidationCode('{"data":"not json"}').ok).toBe(false);
    expect(readValidationCode('nope').ok).toBe(false);
  });
});

describe('CloudEvents abuse protection', () => {
  it("echoes Event Grid's own origins and answers the public cloud's otherwise", () => {
    expect(allowedWebhookOrigin('eventgrid.azure.cn')).toBe('eventgrid.azure.cn');
    expect(allowedWebhookOrigin('eventgrid.azure.net')).toBe('eventgrid.azure.net');
    expect(allowedWebhookOrigin('sender.example')).toBe('eventgrid.azure.net');
    expect(allowedWebhookOrigin('EventGrid.Azure.US')).toBe('eventgrid.azure.net');
    expect(allowedWebhookOrigin(undefined)).toBe('eventgrid.azure.net');
  });
});

describe('Event Grid trigger input', () => {
  it('sends the event as JSON trigger data with its data and sys as trigger metadata', () => {
    const event = { id: 'e1', eventType: 'T', subject: 's', data: { jobId: 'j1' } };
    const input = toEventGridTriggerInput('eventGridTrigger1a2b', 'recordEvent', event, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');

    expect(input.inputData).toEqual([{ name: 'eventGridTrigger1a2b', data: { json: JSON.stringify(event) } }]);
    expect(input.triggerMetadata?.['data']).toEqual({ json: '{"jobId":"j1"}' });
    expect(JSON.parse(input.triggerMetadata?.['sys']?.json ?? '')).toMatchObject({ MethodName: 'recordEvent', UtcNow: expect.stringMatching(/\+00:00$/) });
    expect(input.traceParent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });

  it('sends empty typed data for an event without data, and JSON null for data: null', () => {
    expect(toEventGridTriggerInput('t', 'f', { id: 'e2' }, undefined).triggerMetadata?.['data']).toEqual({});
    expect(toEventGridTriggerInput('t', 'f', { id: 'e3', data: null }, undefined).triggerMetadata?.['data']).toEqual({ json: 'null' });
  });
});
