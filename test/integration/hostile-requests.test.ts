import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitForJob, type ApiResponse } from '../helpers/api-client.js';
import { seedExampleItems } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

let stack: Stack;
let jobId: string;
let itemsToken: string;
let hostRoutes: string[];
beforeAll(async () => {
  stack = await startStack({ label: 'hostile' });
  const [a, b] = seedExampleItems();
  const submitted = await call(`${stack.api}/jobs`, { method: 'POST', json: { items: [a, b] } });
  jobId = submitted.body.jobId;
  await waitForJob(stack.api, jobId);
  itemsToken = (await call(`${stack.api}/jobs/${jobId}/items?limit=1`)).body.continuationToken;
  const functions = await call(`http://127.0.0.1:${stack.env.PORT}/admin/functions`, { conform: false });
  // `[GET,POST] /api/jobs/{jobId}`: each method with its route.
  hostRoutes = (functions.body as Array<{ trigger: string; detail: string }>)
    .filter((f) => f.trigger === 'httpTrigger')
    .flatMap((f) => {
      const [, methods = '', route = ''] = /^\[([^\]]*)\] \/api(\/.*)$/.exec(f.detail) ?? [];
      return methods.split(',').map((m) => `${m} ${route}`);
    });
});
afterAll(async () => stack?.stop());

/** Answered by the app as a refusal it chose, never a crash. */
function expectRefusal(response: ApiResponse, statuses: number[], what: string) {
  expect(statuses, `${what}: got ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`).toContain(response.status);
  expect(response.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
  expect(response.body.detail.length, what).toBeLessThan(400);
}

const HOSTILE_IDS: Array<[string, string]> = [
  ['an encoded slash', 'a%2Fb'],
  ['an encoded parent path', '..%2F..%2Fjobs'],
  ['an encoded parent segment and a dot', '%2E%2E%2F.'],
  ['a quote', "x'or'1'eq'1"],
  ['a NUL byte', 'a%00b'],
  ['right-to-left override', '%E2%80%AEdi'],
  ['16,000 characters', 'x'.repeat(16_000)],
];

/** Every route that takes an id, with the method it answers. */
const JOB_ROUTES: Array<[string, (id: string) => string]> = [
  ['GET', (id) => `/jobs/${id}`],
  ['GET', (id) => `/jobs/${id}/items`],
  ['GET', (id) => `/jobs/${id}/audit`],
  ['POST', (id) => `/jobs/${id}/cancel`],
  ['POST', (id) => `/jobs/${id}/retry`],
  ['POST', (id) => `/jobs/${id}/undo`],
];
const RUN_ROUTES: Array<[string, (id: string) => string]> = [
  ['GET', (id) => `/reconciliations/${id}`],
  ['GET', (id) => `/reconciliations/${id}/audit`],
];

/** The routes above that the app registers (undo only once its trigger exists). */
function registered() {
  return [...JOB_ROUTES.map(([m, p]) => [m, p, 'jobId'] as const), ...RUN_ROUTES.map(([m, p]) => [m, p, 'reconciliationId'] as const)]
    .filter(([method, path, name]) => hostRoutes.includes(`${method} ${path(`{${name}}`)}`))
    .map(([method, path]) => [method, path] as const);
}

describe('hostile path parameters', () => {
  it.each(HOSTILE_IDS)('refuses %s in every id of every route with 400, before storage', async (what, id) => {
    for (const [method, path] of registered()) {
      const response = await call(`${stack.api}${path(id)}`, { method, ...(method === 'POST' ? { json: {} } : {}) });
      expectRefusal(response, [400], `${method} ${path('{id}')} with ${what}`);
    }
  });

  it('answers 404 to well-formed ids of nothing, on every route', async () => {
    for (const [method, path] of registered()) {
      const response = await call(`${stack.api}${path('00000000-0000-4000-8000-000000000000')}`, { method, ...(method === 'POST' ? { json: {} } : {}) });
      expectRefusal(response, [404], `${method} ${path('{id}')}`);
    }
  });

  it('checks the routes the app registers', () => {
    expect(registered().length).toBeGreaterThanOrEqual(JOB_ROUTES.length - 1 + RUN_ROUTES.length);
  });
});

describe('continuation tokens the service never issued', () => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
  const tokens = (): Array<[string, string]> => [
    ['garbage', 'garbage'],
    ['null', 'null'],
    ['truncated base64', itemsToken.slice(0, itemsToken.length - 5)],
    ['base64 of text', Buffer.from('hello world').toString('base64')],
    ['a forged key outside storage\'s encoding', forged({ nextPartitionKey: "x'y", nextRowKey: 'z' })],
    ['a forged object of other fields', forged({ filter: 'PartitionKey ne null' })],
    ['2,049 characters', 'A'.repeat(2049)],
  ];

  it('is a real token this test can page with', async () => {
    const next = await call(`${stack.api}/jobs/${jobId}/items?limit=1&continuationToken=${encodeURIComponent(itemsToken)}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].index).toBe(1);
  });

  it.each(['/jobs', `/jobs/{job}/items`, `/jobs/{job}/audit`, '/reconciliations'])('refuses each on GET %s with 400', async (template) => {
    for (const [what, token] of tokens()) {
      const path = template.replace('{job}', jobId);
      const response = await call(`${stack.api}${path}?continuationToken=${encodeURIComponent(token)}`);
      expectRefusal(response, [400], `GET ${template} with ${what}`);
      expect(response.body.title).toMatch(/continuationToken/);
    }
  });

  it('answers a token of the right shape naming keys of its own with a page or a 400, never a failure', async () => {
    const token = forged({ nextPartitionKey: 'eC95', nextRowKey: '1!8!eC95' });
    for (const path of ['/jobs', `/jobs/${jobId}/items`, '/reconciliations']) {
      const response = await call(`${stack.api}${path}?continuationToken=${encodeURIComponent(token)}`);
      expect([200, 400], `GET ${path}: ${response.status}`).toContain(response.status);
    }
  });
});
