import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_ENDPOINTS } from '../../src/catalog/catalog-endpoints.js';
import { resolveGraphPath } from '../../src/catalog/resolve-graph-path.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { seedExampleItems, TARGETS } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ label: 'seeds' });
});
afterAll(async () => stack?.stop());

describe('a job made of every seed example, through the local host and the Graph simulator', () => {
  it('covers every catalog endpoint and every target type', () => {
    const items = seedExampleItems();
    const endpoints = new Set(items.map((i) => (resolveGraphPath(i.path) as { value: { endpoint: { id: string } } }).value.endpoint.id));
    expect([...endpoints].sort()).toEqual(CATALOG_ENDPOINTS.map((e) => e.id).sort());
    const types = new Set(items.map((i) => (i.body.target as { '@odata.type': string })['@odata.type']));
    expect(types.size).toBe(Object.keys(TARGETS).length);
  });

  it('applies each item and records Graph\'s request id for every one', async () => {
    const items = seedExampleItems();
    const submitted = await call(`${stack.api}/jobs`, { method: 'POST', json: { label: 'seed examples', items } });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('location')).toBe(`/api/jobs/${submitted.body.jobId}`);
    expect(submitted.body).toMatchObject({ status: 'queued', itemCount: items.length });

    const job = await waitForJob(stack.api, submitted.body.jobId);
    expect(job).toMatchObject({ status: 'succeeded', source: 'api', priority: 'interactive', counts: { total: items.length, succeeded: items.length } });
    expect(job.completedAt).not.toBeNull();

    const recorded = await allItems(stack.api, submitted.body.jobId);
    const writes = stack.sim.writes();
    for (const [index, item] of recorded.entries()) {
      expect(item).toMatchObject({ index, ref: items[index]!.ref, status: 'succeeded', attempts: 1, httpStatus: 200, error: null });
      const write = writes.find((w) => w.requestId === item.graphRequestId);
      expect(write, `Graph request id of item ${index}`).toBeDefined();
      expect(write?.clientRequestId).toBe(item.clientRequestId);
    }
    for (const item of items) {
      // Seed 003 PATCHes the collection; the body's id names the assignment it changes.
      const path = item.path.endsWith('/assignments') ? `${item.path}/${item.body.id as string}` : item.path;
      const stored = stack.sim.getAssignment(path);
      expect(stored?.target, item.ref).toEqual(item.body.target);
    }
  });
});
