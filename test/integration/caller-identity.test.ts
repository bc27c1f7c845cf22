import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, unsignedToken, type TestIssuer, type TokenRequest } from '../../tools/test-issuer/create-test-issuer.js';
import { openApiDocument } from '../../src/http/openapi-document.js';
import { call, waitForJob, type ApiResponse } from '../helpers/api-client.js';
import { seedExampleItems } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

let issuer: TestIssuer;
let stack: Stack;
beforeAll(async () => {
  issuer = await createTestIssuer();
  stack = await startStack({
    label: 'identity',
    env: { AUTH_MODE: 'entra', AUTH_TENANT_ID: issuer.tenantId, AUTH_AUDIENCE: issuer.audience, AUTH_OPENID_CONFIG_URL: issuer.openIdConfigUrl },
  });
});
afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
  if (process.env.PRINT_REFUSALS) console.log(['refusal | status | title | detail', ...answers].join('\n'));
});

const [valid] = seedExampleItems();
const READ = ['BulkAssign.Read'];
const WRITE = ['BulkAssign.Write'];
const ADMIN = ['BulkAssign.Admin'];
/** Every refusal seen, for the closing table (`PRINT_REFUSALS=1`). */
const answers: string[] = [];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, headers: Record<string, string> = {}) => call(`${stack.api}${path}`, { headers });
const post = (path: string, json: unknown, headers: Record<string, string> = {}) => call(`${stack.api}${path}`, { method: 'POST', json, headers });
const token = (request: TokenRequest) => issuer.sign(request);

function expectRefused(name: string, response: ApiResponse, status: 401 | 403, detail: RegExp) {
  answers.push(`${name} | ${response.status} | ${response.body?.title} | ${response.body?.detail}`);
  expect(response.status, name).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="bulk-assign"/);
  expect(response.body).toMatchObject({ type: `urn:bulk-assign:problem:${status === 401 ? 'unauthorized' : 'forbidden'}`, status });
  expect(response.body.detail).toMatch(detail);
}

describe('with AUTH_MODE=entra', () => {
  it('answers health and the OpenAPI document to anyone', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(health.body.configuration.authMode).toBe('entra');
    const openapi = await get('/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it('refuses a request without a token with 401 and a bare Bearer challenge', async () => {
    const response = await get('/jobs');
    expectRefused('no token', response, 401, /Authorization: Bearer/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="bulk-assign"');
  });

  it.each([
    ['a malformed header (Basic)', 'Basic dXNlcjpwYXNz', /must be 'Bearer '/],
    ['a malformed token', 'Bearer not-a-jwt', /not a well-formed signed JWT/],
    ['three segments of garbage', 'Bearer aaa.bbb.ccc', /not a well-formed signed JWT/],
  ])('refuses %s with 401', async (name, header, detail) => {
    expectRefused(name, await get('/jobs', { authorization: header }), 401, detail);
  });

  it("refuses alg 'none' with 401, even with every claim right", async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = unsignedToken({ iss: issuer.issuer, aud: issuer.audience, oid: 'u', roles: ADMIN, exp: now + 600, nbf: now - 60 });
    const response = await get('/jobs', bearer(unsigned));
    expectRefused("alg 'none'", response, 401, /signed with 'none'; only RS256/);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a token signed by a key the issuer does not publish, with an unknown or a borrowed kid', async () => {
    expectRefused('foreign key (unknown kid)', await get('/jobs', bearer(await token({ roles: ADMIN, foreignKey: true }))), 401, /not one of the issuer's published keys/);
    expectRefused('foreign key (issuer kid)', await get('/jobs', bearer(await token({ roles: ADMIN, foreignKey: true, stealKid: true }))), 401, /signature does not verify/);
  });

  it('refuses an expired token and one not yet valid, beyond the clock skew', async () => {
    expectRefused('expired', await get('/jobs', bearer(await token({ roles: ADMIN, expiresIn: -600 }))), 401, /expired at \d{4}-/);
    expectRefused('not yet valid', await get('/jobs', bearer(await token({ roles: ADMIN, notBefore: 600 }))), 401, /not valid yet \(nbf \d{4}-/);
  });

  it('accepts a token that expired within the clock skew', async () => {
    expect((await get('/jobs', bearer(await token({ roles: READ, expiresIn: -20 })))).status).toBe(200);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expectRefused('wrong audience', await get('/jobs', bearer(await token({ roles: ADMIN, claims: { aud: 'api://someone-else' } }))), 401, /audience 'api:\/\/someone-else' is not/);
    expectRefused(
      'wrong issuer',
      await get('/jobs', bearer(await token({ roles: ADMIN, claims: { iss: 'https://login.microsoftonline.com/other-tenant/v2.0' } }))),
      401,
      /issuer 'https:\/\/login.microsoftonline.com\/other-tenant\/v2.0' is not the configured issuer/,
    );
  });

  it('refuses a valid token without the route\'s role with 403', async () => {
    expectRefused('no role (GET /jobs)', await get('/jobs', bearer(await token({}))), 403, /needs the app role BulkAssign.Read/);
    expectRefused('Read only (POST /jobs)', await post('/jobs', { items: [valid] }, bearer(await token({ roles: READ }))), 403, /needs the app role BulkAssign.Write.*roles: BulkAssign.Read/);
    expectRefused('Write only (GET /jobs)', await get('/jobs', bearer(await token({ roles: WRITE }))), 403, /BulkAssign.Read/);
    expectRefused('Write only (POST /reconciliations)', await post('/reconciliations', { dryRun: true }, bearer(await token({ roles: WRITE }))), 403, /BulkAssign.Admin/);
    expectRefused('Read only (POST /events)', await post('/events', [], bearer(await token({ roles: READ }))), 403, /BulkAssign.Write/);
    expect(stack.sim.writes()).toHaveLength(0);
  });

  it('records who submitted a job, lists jobs by submitter, and keeps the audit trail', async () => {
    const user = bearer(await token({ roles: WRITE }));
    const app = bearer(await token({ roles: ['BulkAssign.Write', 'BulkAssign.Read'], claims: { scp: undefined, oid: 'sp-object-id', azp: 'client-app-id', name: undefined, preferred_username: undefined } }));
    const reader = bearer(await token({ roles: READ }));

    const submitted = await post('/jobs', { label: 'as Alice', items: [valid] }, user);
    expect(submitted.status).toBe(202);
    const byApp = await post('/jobs', { label: 'as an app', items: [valid] }, app);
    expect(byApp.status).toBe(202);
    await waitForJob(stack.api, submitted.body.jobId, undefined, 45_000, reader);

    const job = await get(`/jobs/${submitted.body.jobId}`, reader);
    expect(job.body.submittedBy).toEqual({ id: '7f3e2a10-0000-4000-8000-00000000a11c', kind: 'user', name: 'Alice Admin' });
    expect((await get(`/jobs/${byApp.body.jobId}`, reader)).body.submittedBy).toEqual({ id: 'client-app-id', kind: 'app' });

    const mine = await get('/jobs?submittedBy=client-app-id', reader);
    expect(mine.body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([byApp.body.jobId]);

    const retried = await post(`/jobs/${submitted.body.jobId}/retry`, undefined, user);
    expect(retried.status).toBe(409);
    const audit = await get(`/jobs/${submitted.body.jobId}/audit`, reader);
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toEqual([
      {
        at: job.body.createdAt,
        action: 'job.submitted',
        actor: { id: '7f3e2a10-0000-4000-8000-00000000a11c', kind: 'user', name: 'Alice Admin' },
        jobId: submitted.body.jobId,
        reconciliationId: null,
        details: { source: 'api', itemCount: 1, priority: 'interactive' },
      },
    ]);
    const text = JSON.stringify(audit.body) + stack.output.join('\n');
    expect(text).not.toContain(user.authorization.slice('Bearer '.length));
    expect(text).not.toContain(app.authorization.slice('Bearer '.length));
  });

  it('records the admin who started a reconciliation', async () => {
    const admin = bearer(await token({ roles: ADMIN }));
    const started = await post('/reconciliations', { dryRun: true }, admin);
    expect(started.status).toBe(202);
    expect(started.body.requestedBy).toMatchObject({ kind: 'user', name: 'Alice Admin' });
    const audit = await get(`/reconciliations/${started.body.reconciliationId}/audit`, admin);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ action: 'reconciliation.started', actor: started.body.requestedBy, details: { dryRun: true, trigger: 'api' } }),
    ]);
  });
});

describe('the embedded host with AUTH_MODE=entra', () => {
  it('requires the host key it made at start, kept in a file and never printed, for the admin API and the Event Grid webhook', async () => {
    const line = stack.output.find((l) => l.includes('Host key (x-functions-key'));
    const file = / written to (\S+)$/.exec(line ?? '')?.[1];
    expect(file, 'the host named its key file').toBe(join('.data', 'local-host-key'));
    const key = readFileSync(join(fileURLToPath(new URL('../../', import.meta.url)), file!), 'utf8').trim();
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(stack.output.some((l) => l.includes(key)), 'the key is in no output line').toBe(false);
    const host = `http://127.0.0.1:${stack.env.PORT}`;
    const fire = (headers: Record<string, string>) => fetch(`${host}/admin/functions/reconcile-nightly`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

    expect((await fire({})).status).toBe(401);
    expect((await fire({ 'x-functions-key': 'not-the-key-at-all' })).status).toBe(401);
    expect((await fetch(`${host}/admin/functions`)).status).toBe(401);
    const webhook = await fetch(`${host}/runtime/webhooks/eventgrid?functionName=receive-event-grid-event`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: '[]',
    });
    expect(webhook.status).toBe(401);
    expect((await fetch(`${host}/admin/host/ping`)).status).toBe(200);

    expect((await fire({ 'x-functions-key': key! })).status).toBe(202);
    expect((await fetch(`${host}/admin/functions?code=${encodeURIComponent(key!)}`)).status).toBe(200);
  });
});
