import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionsHost, type FunctionsHost } from '../../../tools/local-host/functions-host/functions-host.js';
import type { HostLogLevel } from '../../../tools/local-host/functions-host/host-log.js';

const scriptRoot = fileURLToPath(new URL('../../fixtures/functions-host-eventgrid-app/', import.meta.url));

interface Received {
  event: Record<string, unknown>;
  triggerMetadata: Record<string, unknown>;
  functionName: string;
}

interface EventGridFixtureRecorder {
  received: Received[];
  attempts: unknown[];
}

function recorder(): EventGridFixtureRecorder {
  return (globalThis as unknown as { __functionsHostEventGridFixture: EventGridFixtureRecorder }).__functionsHostEventGridFixture;
}

/** What the handler received for the events with these ids (the recorder is shared by all tests). */
function receivedFor(ids: readonly string[]): Received[] {
  return recorder()
    .received.filter((r) => ids.includes(String(r.event['id'])))
    .sort((a, b) => ids.indexOf(String(a.event['id'])) - ids.indexOf(String(b.event['id'])));
}

function eventGridEvent(subject: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    topic: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventGrid/topics/jobs',
    subject,
    eventType: 'BulkAssign.JobCompleted',
    eventTime: '2024-05-01T10:00:00.1234567Z',
    data,
    dataVersion: '1.0',
    metadataVersion: '1',
  };
}

function cloudEvent(subject: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/bulk-assign/jobs',
    type: 'BulkAssign.JobCompleted',
    subject,
    time: '2024-05-01T10:00:00.1234567Z',
    datacontenttype: 'application/json',
    data,
  };
}

describe('local Functions host: Event Grid triggers', () => {
  let host: FunctionsHost;
  let url: string;
  const logs: Array<[HostLogLevel, string]> = [];

  const webhook = (query: string) => `${url}/runtime/webhooks/eventgrid?${query}`;
  const notify = (functionName: string, body: unknown, contentType = 'application/json') =>
    fetch(webhook(`functionName=${functionName}`), {
      method: 'POST',
      headers: { 'content-type': contentType, 'aeg-event-type': 'Notification' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    // No storage connection: this app has no queue triggers.
    host = createFunctionsHost({ scriptRoot, port: 0, queues: false, log: (level, message) => logs.push([level, message]) });
    url = (await host.start()).url!;
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('indexes eventGrid functions and lists them with their webhook', async () => {
    const expected = [
      { name: 'recordEvent', trigger: 'eventGridTrigger', detail: '/runtime/webhooks/eventgrid?functionName=recordEvent' },
      { name: 'failOnSubject', trigger: 'eventGridTrigger', detail: '/runtime/webhooks/eventgrid?functionName=failOnSubject' },
    ];
    expect(host.functions).toEqual(expected);
    expect(await (await fetch(`${url}/admin/functions`)).json()).toEqual(expected);
    expect(logs.some(([, line]) => line.includes('not supported locally') || line.includes('does not run'))).toBe(false);
  });

  it('answers the SubscriptionValidation handshake itself without invoking the function', async () => {
    const before = recorder().received.length;
    const validation = {
      ...eventGridEvent('', { validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6', validationUrl: 'https://example.invalid/validate' }),
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    };
    const response = await fetch(webhook('functionName=recordEvent'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify([validation]),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
    expect(recorder().received.length).toBe(before);
    expect(logs.some(([, line]) => line === 'perform handshake with eventGrid for function: recordEvent')).toBe(true);
  });

  it('invokes the function once per event of an Event Grid batch with that event, ignoring keys, and answers 202', async () => {
    const first = eventGridEvent('jobs/j1', { jobId: 'j1', Succeeded: 3 });
    const second = eventGridEvent('jobs/j2', { jobId: 'j2', Succeeded: 0 });
    const response = await fetch(webhook('functionName=recordEvent&code=not-checked-locally'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification', 'aeg-sas-key': 'not-checked-either' },
      body: JSON.stringify([first, second]),
    });

    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    const received = receivedFor([String(first['id']), String(second['id'])]);
    expect(received.map((r) => r.event)).toEqual([first, second]);
    expect(received[0]!.functionName).toBe('recordEvent');
    // The library camel-cases trigger metadata, keys inside `data` included.
    expect(received[0]!.triggerMetadata).toMatchObject({
      data: { jobId: 'j1', succeeded: 3 },
      sys: { methodName: 'recordEvent', utcNow: expect.any(String), randGuid: expect.any(String) },
    });
    expect(logs.filter(([, line]) => line.startsWith("Executed 'Functions.recordEvent' (Succeeded")).length).toBeGreaterThanOrEqual(2);
  });

  it('delivers a single structured CloudEvent as the event object the handler receives', async () => {
    const event = cloudEvent('jobs/j3', { jobId: 'j3' });
    const response = await notify('recordEvent', event, 'application/cloudevents+json; charset=utf-8');

    expect(response.status).toBe(202);
    const [received] = receivedFor([String(event['id'])]);
    expect(received?.event).toEqual(event);
    expect(received?.event).toMatchObject({ specversion: '1.0', type: 'BulkAssign.JobCompleted', source: '/bulk-assign/jobs' });
  });

  it('invokes the function once per CloudEvent of a batch', async () => {
    const events = [cloudEvent('jobs/j4', { jobId: 'j4' }), cloudEvent('jobs/j5', { jobId: 'j5' }), cloudEvent('jobs/j6', {})];
    const response = await notify('recordEvent', events, 'application/cloudevents-batch+json; charset=utf-8');

    expect(response.status).toBe(202);
    expect(receivedFor(events.map((e) => String(e['id']))).map((r) => r.event)).toEqual(events);
  });

  it('answers 500 naming the function when any invocation of a batch fails, after running every event', async () => {
    const before = recorder().attempts.length;
    const response = await notify('failOnSubject', [eventGridEvent('ok', {}), eventGridEvent('fail', {})]);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Exception while executing function: Functions.failOnSubject');
    expect(recorder().attempts.slice(before).sort()).toEqual(['fail', 'ok']);
    expect(
      logs.some(([level, line]) => level === 'error' && line.includes("'Functions.failOnSubject' (Failed") && line.includes('handler failed on purpose')),
    ).toBe(true);
  });

  it('answers 404 for an unknown function name, matched exactly, and 400 without one', async () => {
    const unknown = await notify('noSuchFunction', [eventGridEvent('x', {})]);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("cannot find function: 'noSuchFunction'");
    expect((await notify('RecordEvent', [eventGridEvent('x', {})])).status).toBe(404);

    const missing = await fetch(webhook(''), { method: 'POST', headers: { 'aeg-event-type': 'Notification' }, body: '[]' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/functionName query parameter is required/);
  });

  it('answers 400 with the reason to a body that is not JSON, without invoking the function', async () => {
    const before = recorder().received.length;
    const response = await notify('recordEvent', '[{"id": "1",');

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^The request body is not valid JSON: /);
    expect(recorder().received.length).toBe(before);
  });

  it('answers 400 without an aeg-event-type header and 202 to Unsubscribe', async () => {
    const noHeader = await fetch(webhook('functionName=recordEvent'), { method: 'POST', body: '[]' });
    expect(noHeader.status).toBe(400);
    expect(await noHeader.text()).toMatch(/aeg-event-type/);

    const unsubscribe = await fetch(webhook('functionName=recordEvent'), { method: 'POST', headers: { 'aeg-event-type': 'Unsubscribe' } });
    expect(unsubscribe.status).toBe(202);
  });

  it('answers the CloudEvents OPTIONS handshake with WebHook-Allowed-Origin without invoking the function', async () => {
    const before = recorder().received.length;
    const options = (origin: string) =>
      fetch(webhook('functionName=recordEvent'), { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': origin } });

    const publicCloud = await options('eventgrid.azure.net');
    expect(publicCloud.status).toBe(200);
    expect(publicCloud.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect((await options('eventgrid.azure.us')).headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.us');
    expect((await options('sender.example')).headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect(recorder().received.length).toBe(before);
  });

  it('answers 405 to a method the webhook route does not accept and 404 to other extensions', async () => {
    const put = await fetch(webhook('functionName=recordEvent'), { method: 'PUT', body: '[]' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE, OPTIONS');
    expect((await fetch(`${url}/runtime/webhooks/blobs?functionName=recordEvent`, { method: 'POST' })).status).toBe(404);
  });

  it('runs an eventGrid function through the admin API with the input as the event', async () => {
    const event = eventGridEvent('jobs/admin', { jobId: 'admin' });
    const response = await fetch(`${url}/admin/functions/recordEvent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: JSON.stringify(event) }),
    });
    expect(response.status).toBe(202);

    const deadline = Date.now() + 10_000;
    while (receivedFor([String(event['id'])]).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [received] = receivedFor([String(event['id'])]);
    expect(received?.event).toEqual(event);
    expect(received?.triggerMetadata).toMatchObject({ data: { jobId: 'admin' } });
  });
});
