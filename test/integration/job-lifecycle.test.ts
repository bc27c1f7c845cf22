import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { seedExampleItems } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { storageOf } from '../helpers/storage-peek.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ label: 'lifecycle' });
});
afterAll(async () => stack?.stop());
beforeEach(() => stack.sim.clearFaults());

const seeds = seedExampleItems().filter((i) => !['seed003', 'seed004-ios-scep-root', 'seed004-wp81-identity'].includes(i.ref));
const lastSegment = (path: string) => path.split('/').pop()!;
const submit = (json: unknown, headers: Record<string, string> = {}) => call(`${stack.api}/jobs`, { method: 'POST', json, headers });

describe('Idempotency-Key', () => {
  it('returns the same job for a retried submission and enqueues nothing again', async () => {
    const body = { label: 'idempotent', items: seeds.slice(0, 2) };
    const first = await submit(body, { 'Idempotency-Key': 'portal-123' });
    expect(first.status).toBe(202);
    await waitForJob(stack.api, first.body.jobId);
    const writesBefore = stack.sim.writes().length;

    const again = await submit(body, { 'Idempotency-Key': 'portal-123' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const storage = storageOf(stack.prefix);
    expect(await storage.count(storage.queue('interactive'))).toBe(0);
    expect(stack.sim.writes().length).toBe(writesBefore);
  });

  it('answers 409 when the same key comes with a different body', async () => {
    const first = await submit({ items: seeds.slice(0, 1) }, { 'Idempotency-Key': 'portal-456' });
    const clash = await submit({ items: seeds.slice(1, 2) }, { 'Idempotency-Key': 'portal-456' });
    expect(clash.status).toBe(409);
    expect(clash.headers.get('content-type')).toMatch(/problem\+json/);
    expect(clash.body).toMatchObject({ type: 'urn:bulk-assign:problem:idempotency-key-reused', jobId: first.body.jobId });
  });
});

describe('retry', () => {
  it('re-queues failed items and the job ends succeeded', async () => {
    const [ok, broken] = seeds.slice(4, 6);
    stack.sim.setFaults([{ status: 403, code: 'Forbidden', pathContains: lastSegment(broken!.path), times: 1 }]);
    const { body } = await submit({ items: [ok, broken] });
    const failed = await waitForJob(stack.api, body.jobId);
    expect(failed).toMatchObject({ status: 'partiallySucceeded', counts: { succeeded: 1, failed: 1 } });

    const retried = await call(`${stack.api}/jobs/${body.jobId}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ requeued: 1, status: 'running', completedAt: null });
    const job = await waitForJob(stack.api, body.jobId);
    expect(job).toMatchObject({ status: 'succeeded', counts: { succeeded: 2, failed: 0 } });
    const items = await allItems(stack.api, body.jobId);
    expect(items[1]).toMatchObject({ status: 'succeeded', attempts: 2, error: null });

    const nothing = await call(`${stack.api}/jobs/${body.jobId}/retry`, { method: 'POST' });
    expect(nothing.status).toBe(409);
  });
});

describe('reading jobs', () => {
  it('pages items with a continuation token and lists recent jobs newest first', async () => {
    const { body } = await submit({ label: 'paged', items: seeds.slice(0, 5) });
    await waitForJob(stack.api, body.jobId);
    const pages: number[][] = [];
    let token: string | null = null;
    do {
      const url: string = `${stack.api}/jobs/${body.jobId}/items?limit=2${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const page = await call(url);
      pages.push(page.body.items.map((i: { index: number }) => i.index));
      token = page.body.continuationToken;
    } while (token);
    expect(pages).toEqual([[0, 1], [2, 3], [4]]);

    const recent = await call(`${stack.api}/jobs?limit=1`);
    expect(recent.body.jobs).toHaveLength(1);
    expect(recent.body.jobs[0]).toMatchObject({ jobId: body.jobId, label: 'paged', status: 'succeeded' });
    expect(recent.body.continuationToken).toEqual(expect.any(String));
  });

  it('reports health of storage and the configuration in force, without secrets', async () => {
    const health = await call(`${stack.api}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'healthy', checks: { tables: { ok: true }, queues: { ok: true } } });
    const text = JSON.stringify(health.body);
    expect(text).not.toContain(stack.env.GRAPH_STATIC_TOKEN!);
    expect(text).not.toMatch(/AccountKey/i);
  });

  it('never writes the Graph token or the storage key to its logs', () => {
    const log = stack.output.join('\n');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(stack.env.GRAPH_STATIC_TOKEN!);
    expect(log).not.toMatch(/AccountKey=/);
  });
});

describe('cancel', () => {
  it('ends every item not yet applied as canceled, and the job canceled', async () => {
    // Graph throttles; the shared budget then holds every item back. (Last in this file: the
    // pause outlives the test.)
    stack.sim.setFaults([{ status: 429, retryAfterSeconds: 20 }]);
    const { body } = await submit({ items: seeds.slice(0, 4) });
    await waitForJob(stack.api, body.jobId, (job) => job.counts.retrying >= 1);
    const canceled = await call(`${stack.api}/jobs/${body.jobId}/cancel`, { method: 'POST' });
    expect(canceled.status).toBe(202);
    // An item a worker holds at this moment is left to it; it cancels instead of retrying.
    expect(canceled.body.canceledItems).toBeGreaterThanOrEqual(1);
    const job = await waitForJob(stack.api, body.jobId);
    expect(job).toMatchObject({ status: 'canceled', counts: { total: 4, canceled: 4, retrying: 0, queued: 0 } });
    expect((await allItems(stack.api, body.jobId)).every((i) => i.status === 'canceled' && i.completedAt)).toBe(true);
    const retry = await call(`${stack.api}/jobs/${body.jobId}/retry`, { method: 'POST' });
    expect(retry.status).toBe(409);
  });

  it('refuses to cancel a job that already ended', async () => {
    const { body } = await submit({ items: seeds.slice(0, 1) });
    await waitForJob(stack.api, body.jobId);
    const response = await call(`${stack.api}/jobs/${body.jobId}/cancel`, { method: 'POST' });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/ended succeeded/);
  });
});
