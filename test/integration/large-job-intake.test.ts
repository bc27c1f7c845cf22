import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { bulkSeed } from '../helpers/bulk-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { eventually, storageOf } from '../helpers/storage-peek.js';

// Steps of 40 items, so that the intake of this job takes several.
const { seed, items } = bulkSeed(150);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    label: 'intake',
    env: { GRAPH_WRITE_BUDGET: '1000/10s', INTAKE_PAGE_ITEMS: '40' },
    sim: { seed, writeLimit: { perApp: { count: 1000, windowMs: 10_000 }, perTenant: { count: 2000, windowMs: 10_000 } } },
  });
});
afterAll(async () => stack?.stop());

describe('a job larger than one intake step', () => {
  it('is answered with exact counts at once, and its intake steps carry every item to Graph once', { timeout: 180_000 }, async () => {
    const response = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items } });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'queued', itemCount: 150 });
    expect(response.headers.get('location')).toBe(`/api/jobs/${response.body.jobId}`);
    const jobId = response.body.jobId as string;

    const seen = await call(`${stack.api}/jobs/${jobId}`);
    expect(seen.body.counts.total).toBe(150);
    expect(seen.body.counts.queued + seen.body.counts.retrying + seen.body.counts.succeeded).toBe(150);
    expect(['inProgress', 'complete']).toContain(seen.body.intake.status);

    const job = await waitForJob(stack.api, jobId, undefined, 120_000);
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: 150, succeeded: 150 }, intake: { status: 'complete', recorded: 150, dispatched: 150 } });
    const listed = await allItems(stack.api, jobId);
    expect(listed.map((i) => i.index)).toEqual(Array.from({ length: 150 }, (_, n) => n));
    expect(listed.every((i) => i.status === 'succeeded' && i.attempts === 1)).toBe(true);
    const applied = stack.sim.writes().filter((w) => w.applied);
    expect(applied).toHaveLength(150);
    expect(new Set(applied.map((w) => w.path)).size).toBe(150);
    expect(stack.output.some((l) => /continue-intake .*: continued/.test(l))).toBe(true);
    // The staged pages are removed once the intake is complete.
    await eventually(async () => (await storageOf(stack.prefix).stagedBlobs(jobId)) === 0, 10_000, 'staged pages removed');
  });
});
