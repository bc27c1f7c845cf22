import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { bulkSeed } from '../helpers/bulk-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { eventually, storageOf } from '../helpers/storage-peek.js';

// Steps of 40 items, so that the intake of this job takes several.
const { seed, items } = bulkSeed(180);

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
    const response = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items: items.slice(0, 150) } });
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

  it('can be delivered in pages, submitted once, and applied like any job', { timeout: 120_000 }, async () => {
    const pageItems = items.slice(150, 180);
    const opened = await call(`${stack.api}/job-uploads`, { method: 'POST', json: { label: 'in pages', priority: 'bulk', itemCount: 30, pageSize: 12 } });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ itemCount: 30, pageSize: 12, pageCount: 3, pagesReceived: [], jobId: null });
    const uploadId = opened.body.uploadId as string;
    expect(opened.headers.get('location')).toBe(`/api/job-uploads/${uploadId}`);
    const put = (page: number, body: unknown) => call(`${stack.api}/job-uploads/${uploadId}/pages/${page}`, { method: 'PUT', json: body });

    expect((await put(2, { items: pageItems.slice(24, 30) })).status).toBe(200);
    expect((await call(`${stack.api}/job-uploads/${uploadId}/submit`, { method: 'POST' })).status).toBe(409);
    const bad = await put(0, { items: [...pageItems.slice(0, 11), { ...pageItems[11], path: '/deviceManagement/notAThing/1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/^items\[11\]\.path/);
    expect((await put(0, { items: pageItems.slice(0, 12) })).status).toBe(200);
    expect((await put(1, { items: pageItems.slice(12, 24) })).status).toBe(200);
    expect((await put(1, { items: pageItems.slice(12, 24) })).status).toBe(200);
    expect((await put(1, { items: pageItems.slice(0, 12) })).status).toBe(409);

    const submitted = await call(`${stack.api}/job-uploads/${uploadId}/submit`, { method: 'POST' });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'queued', itemCount: 30 });
    const jobId = submitted.body.jobId as string;
    expect(submitted.headers.get('location')).toBe(`/api/jobs/${jobId}`);
    const again = await call(`${stack.api}/job-uploads/${uploadId}/submit`, { method: 'POST' });
    expect(again).toMatchObject({ status: 202, body: { jobId } });
    expect((await call(`${stack.api}/job-uploads/${uploadId}`)).body).toMatchObject({ jobId, pagesReceived: [] });

    const job = await waitForJob(stack.api, jobId, undefined, 90_000);
    expect(job).toMatchObject({ status: 'succeeded', label: 'in pages', counts: { total: 30, succeeded: 30 } });
    expect((await allItems(stack.api, jobId)).map((i) => i.ref)).toEqual(pageItems.map((i) => i.ref));
  });
});
