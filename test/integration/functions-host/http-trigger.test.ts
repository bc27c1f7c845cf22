import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionsHost, type FunctionsHost } from '../../../tools/local-host/functions-host/functions-host.js';
import type { HostLogLevel } from '../../../tools/local-host/functions-host/host-log.js';

const scriptRoot = fileURLToPath(new URL('../../fixtures/functions-host-http-app/', import.meta.url));

interface HttpFixtureRecorder {
  timerRuns: Array<{ timer: Record<string, unknown>; functionName: string }>;
  hookCalls: string[];
}

function recorder(): HttpFixtureRecorder {
  return (globalThis as unknown as { __functionsHostHttpFixture: HttpFixtureRecorder }).__functionsHostHttpFixture;
}

async function eventually<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('local Functions host: HTTP triggers and admin API', () => {
  let host: FunctionsHost;
  let url: string;
  const logs: Array<[HostLogLevel, string]> = [];

  beforeAll(async () => {
    // No storage connection: queue polling is off and this app has no queue triggers.
    host = createFunctionsHost({
      scriptRoot,
      port: 0,
      queues: false,
      hostJson: { functionTimeout: '00:00:01' },
      log: (level, message) => logs.push([level, message]),
    });
    url = (await host.start()).url!;
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('passes route params, query, headers and a JSON body to the handler and maps its response back', async () => {
    const response = await fetch(`${url}/api/jobs/job-42/items?mode=fast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-logged' },
      body: JSON.stringify({ items: [{ path: '/deviceManagement/x' }] }),
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-handled-by')).toBe('addJobItems');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBe('session=abc; Path=/; HttpOnly; SameSite=Strict');
    expect(await response.json()).toEqual({
      jobId: 'job-42',
      body: { items: [{ path: '/deviceManagement/x' }] },
      mode: 'fast',
      contentType: 'application/json',
      method: 'POST',
      url: `${url}/api/jobs/job-42/items?mode=fast`,
      functionName: 'addJobItems',
    });
    expect(logs.some(([, line]) => line.includes('not-logged'))).toBe(false);
  });

  it('prefers a literal route segment over a parameter and fills optional parameters only when present', async () => {
    expect(await (await fetch(`${url}/api/jobs/stats`)).json()).toEqual({ route: 'stats' });
    expect(await (await fetch(`${url}/api/jobs/j1`)).json()).toEqual({ route: 'job', params: { jobId: 'j1' } });
    expect(await (await fetch(`${url}/api/JOBS/j1/summary`)).json()).toEqual({
      route: 'job',
      params: { jobId: 'j1', view: 'summary' },
    });
  });

  it('answers 404 when a route constraint rejects the value or no route matches', async () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    expect((await fetch(`${url}/api/devices/${id}`)).status).toBe(200);
    expect((await fetch(`${url}/api/devices/not-a-guid`)).status).toBe(404);
    expect((await fetch(`${url}/api/unknown`)).status).toBe(404);
    expect((await fetch(`${url}/jobs/stats`)).status).toBe(404);
  });

  it('answers 405 with an Allow header when the route exists for other methods', async () => {
    const response = await fetch(`${url}/api/upload`, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('passes a 30 MB body through unchanged', async () => {
    const body = randomBytes(30 * 1024 * 1024);
    const response = await fetch(`${url}/api/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(await response.json()).toEqual({
      length: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('answers 500 without details when the handler throws, and 204 when it returns nothing', async () => {
    const failed = await fetch(`${url}/api/broken`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('');
    expect(logs.some(([level, line]) => level === 'error' && line.includes("'Functions.alwaysThrows' (Failed"))).toBe(true);

    expect((await fetch(`${url}/api/nothing`, { method: 'DELETE' })).status).toBe(204);
  });

  it('runs preInvocation hooks registered by the app before each invocation', async () => {
    const before = recorder().hookCalls.length;
    await fetch(`${url}/api/jobs/stats`);
    expect(recorder().hookCalls.slice(before)).toEqual(['jobStats']);
  });

  it('fires a timer function on demand through the admin API with the timer object the library expects', async () => {
    const response = await fetch(`${url}/admin/functions/nightlyReconcile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: '' }),
    });
    expect(response.status).toBe(202);

    const run = await eventually(() => recorder().timerRuns[0]);
    expect(run.functionName).toBe('nightlyReconcile');
    expect(run.timer).toMatchObject({ isPastDue: false, schedule: { adjustForDST: true } });
    expect(run.timer['scheduleStatus']).toMatchObject({ last: '0001-01-01T00:00:00' });
  });

  it('answers 404 to the admin API for an unknown function and reports the host as running', async () => {
    expect((await fetch(`${url}/admin/functions/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    const status = await fetch(`${url}/admin/host/status`);
    expect(await status.json()).toMatchObject({ state: 'Running' });
    expect((await fetch(`${url}/`)).status).toBe(200);
  });

  it('fails an invocation that outlives functionTimeout with a 500', async () => {
    const started = Date.now();
    const response = await fetch(`${url}/api/sleep?ms=2500`);
    expect(response.status).toBe(500);
    expect(Date.now() - started).toBeLessThan(2400);
    expect(logs.some(([, line]) => line.includes('Timeout value of 00:00:01 was exceeded by function: Functions.sleepy'))).toBe(true);
  });
});

describe('local Functions host: shutdown', () => {
  it('lets an HTTP invocation in flight finish before stop() resolves', async () => {
    // A second host for the same app in this process: Node evaluates the entry files only once,
    // so this also covers replaying their registrations.
    const host = createFunctionsHost({ scriptRoot, port: 0, queues: false, log: () => undefined });
    const { url } = await host.start();
    const pending = fetch(`${url}/api/sleep?ms=400`);
    await new Promise((resolve) => setTimeout(resolve, 100));

    let stopped = false;
    const stopping = host.stop().then(() => (stopped = true));
    const response = await pending;
    expect(await response.text()).toBe('rested');
    await stopping;
    expect(stopped).toBe(true);
    await expect(fetch(`${url}/api/jobs/stats`)).rejects.toThrow();
  });
});
