import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/api-client.js';
import { seedExampleItems } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { storageOf } from '../helpers/storage-peek.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ label: 'refusals', env: { MAX_REQUEST_BYTES: '65536' } });
});
afterAll(async () => stack?.stop());

const [valid] = seedExampleItems();
const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  call(`${stack.api}/jobs`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });

/** Every refusal must leave no job behind and no message in either lane. */
async function expectNothingQueued() {
  const storage = storageOf(stack.prefix);
  expect(await storage.count(storage.queue('interactive'))).toBe(0);
  expect(await storage.count(storage.queue('bulk'))).toBe(0);
  expect((await call(`${stack.api}/jobs`)).body.jobs).toEqual([]);
}

function expectProblem(response: { status: number; headers: Headers; body: any }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:bulk-assign:problem:/), title: expect.any(String), detail: expect.any(String) });
}

describe('refusals of POST /api/jobs', () => {
  it('lists every invalid item by index and field, and queues nothing', async () => {
    const response = await post({
      items: [
        valid,
        { ...valid, body: { ...valid!.body, colour: 'blue' } },
        { ...valid, path: valid!.path.replace('/assignments/', '/assignmentz/') },
        { path: '/deviceManagement/deviceCompliancePolicies/p/assignments/a', body: { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget' } } },
        { path: '/deviceManagement/deviceCompliancePolicies/p/assignments/a2', apiVersion: 'v2.0', body: { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', deviceAndAppManagementAssignmentFilterType: 'sometimes' } } },
        { path: '/beta/deviceManagement/configurationPolicies/p/assignments/a', body: {} },
        { path: '/v1.0/deviceManagement/configurationPolicies/p/assignments/a', body: { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } } },
        { path: '/deviceManagement/deviceCompliancePolicies/p/assignments/a3', body: { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } } },
      ],
    });
    expectProblem(response, 400);
    const fields = response.body.errors.map((e: { index: number; field: string }) => `${e.index} ${e.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        '1 items[1].body.colour',
        '2 items[2].path',
        '3 items[3].body.target.groupId',
        '4 items[4].apiVersion',
        '4 items[4].body.target.deviceAndAppManagementAssignmentFilterType',
        '5 items[5].body.target',
        '6 items[6].path',
        '7 items[7].body["@odata.type"]',
      ]),
    );
    expect(fields.some((f: string) => f.startsWith('0 '))).toBe(false);
    await expectNothingQueued();
  });

  it.each([
    ['parent segments', '/deviceManagement/deviceCompliancePolicies/../../users/u1/assignments/a'],
    ['encoded parent segments', '/deviceManagement/deviceCompliancePolicies/%2e%2e/assignments/a'],
    ['an encoded slash', '/deviceManagement/deviceCompliancePolicies/p%2Fx/assignments/a'],
    ['a query string', '/deviceManagement/deviceCompliancePolicies/p/assignments/a?$select=id'],
    ['another host', 'https://attacker.example/v1.0/deviceManagement/deviceCompliancePolicies/p/assignments/a'],
    ['plain http to Graph', 'http://graph.microsoft.com/v1.0/deviceManagement/deviceCompliancePolicies/p/assignments/a'],
    ['a path outside the catalog', '/users/u1/memberOf'],
    ['a catalog path with a write the catalog does not list', '/deviceManagement/deviceCompliancePolicies/p/scheduledActionsForRule/a'],
    ['a double slash', '/deviceManagement//deviceCompliancePolicies/p/assignments/a'],
    ['a backslash', '/deviceManagement/deviceCompliancePolicies/p\\..\\x/assignments/a'],
  ])('refuses %s and calls Graph for nothing', async (_, path) => {
    const response = await post({ items: [{ path, body: valid!.body }] });
    expectProblem(response, 400);
    expect(response.body.errors[0]).toMatchObject({ index: 0, field: 'items[0].path' });
    await expectNothingQueued();
    expect(stack.sim.writes()).toHaveLength(0);
  });

  it('answers 415 to a body that is not JSON by content type', async () => {
    expectProblem(await post('items=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    await expectNothingQueued();
  });

  it('answers 400 to malformed JSON and to an empty body', async () => {
    expectProblem(await post('{"items": [', { 'content-type': 'application/json' }), 400);
    expectProblem(await post('', { 'content-type': 'application/json' }), 400);
    await expectNothingQueued();
  });

  it('answers 413 to a body over the configured limit', async () => {
    const items = Array.from({ length: 200 }, (_, n) => ({ ...valid, path: valid!.path.replace(/[^/]+$/, `a${n}`) }));
    const response = await post({ items });
    expectProblem(response, 413);
    expect(response.body.detail).toMatch(/at most 65536 bytes/);
    await expectNothingQueued();
  });

  it('refuses more than 10,000 items', async () => {
    const response = await post({ items: Array.from({ length: 10_001 }, () => ({})) });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: 'items', message: 'has 10001 items; at most 10000 are accepted in one job' }]);
    await expectNothingQueued();
  });

  it('answers 404 with problem details for jobs that do not exist', async () => {
    for (const [method, path] of [['GET', 'jobs/nope'], ['GET', 'jobs/nope/items'], ['POST', 'jobs/nope/cancel'], ['POST', 'jobs/nope/retry']] as const) {
      expectProblem(await call(`${stack.api}/${path}`, { method }), 404);
    }
  });

  it('refuses an unknown status filter and a bad page size', async () => {
    expectProblem(await call(`${stack.api}/jobs/x/items?status=done`), 400);
    expectProblem(await call(`${stack.api}/jobs?limit=0`), 400);
  });
});
