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
    // Uploads expire 30 s after they are opened, far longer than the paged upload below takes to
    // be submitted; the expiry sweeper runs only when fired by hand.
    env: { GRAPH_WRITE_BUDGET: '1000/10s', INTAKE_PAGE_ITEMS: '40', UPLOAD_EXPIRES_AFTER_SECONDS: '30', UPLOAD_SWEEP_SCHEDULE: '0 0 0 1 1 *' },
    sim: { seed, writeLimit: { perApp: { count: 1000, windowMs: 10_000 }, perTenant: { count: 2000, windowMs: 10_000 } } },
  });
});
afterAll(async () => stack?.stop());

/** Fires a timer function through the host's admin route and returns the report it logged. */
async function fireTimer(name: string): Promise<Record<string, number>> {
  const before = stack.output.length;
  const fired = await fetch(`http://127.0.0.1:${stack.env.PORT}/admin/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(fired.status).toBe(202);
  const line = await eventually(async () => stack.output.slice(before).find((l) => l.includes(`${name}: {`)), 30_000, name);
  return JSON.parse(line.slice(line.indexOf('{'))) as Record<string, number>;
}

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

  it('expires an upload not submitted in time: its routes answer 410, and the timer removes its pages', { timeout: 120_000 }, async () => {
    const opened = await call(`${stack.api}/job-uploads`, { method: 'POST', json: { itemCount: 12, pageSize: 10 } });
    expect(opened.status).toBe(201);
    const { uploadId, createdAt, expiresAt } = opened.body as { uploadId: string; createdAt: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBe(30_000);
    const route = `${stack.api}/job-uploads/${uploadId}`;
    expect((await call(`${route}/pages/0`, { method: 'PUT', json: { items: items.slice(0, 10) } })).status).toBe(200);
    expect((await call(route)).body).toMatchObject({ expiresAt, pagesReceived: [0], jobId: null });
    const storage = storageOf(stack.prefix);
    expect(await storage.uploadBlobs(uploadId)).toEqual(['00000.json', 'upload.json']);

    // Before it expires the sweeper leaves it alone.
    expect(await fireTimer('sweep-expired-uploads')).toMatchObject({ expired: 0, pagesRemoved: 0, failed: 0 });
    expect(await storage.uploadBlobs(uploadId)).toEqual(['00000.json', 'upload.json']);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiresAt) - Date.now() + 500)));

    const answers = [
      await call(route),
      await call(`${route}/pages/1`, { method: 'PUT', json: { items: items.slice(10, 12) } }),
      await call(`${route}/submit`, { method: 'POST' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(410);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ type: 'urn:bulk-assign:problem:upload-expired', status: 410, uploadId, expiresAt });
      expect(answer.body.detail).toContain(`expired at ${expiresAt}`);
    }

    // The paged upload above was submitted: it stays, and only this one's page goes.
    expect(await fireTimer('sweep-expired-uploads')).toMatchObject({ expired: 1, pagesRemoved: 1, failed: 0 });
    expect(stack.output.some((l) => l.includes('Expired upload removed') && l.includes(uploadId))).toBe(true);
    expect(await storage.uploadBlobs(uploadId)).toEqual(['upload.json']);
    expect((await call(route)).status).toBe(410);
    expect((await call(`${route}/submit`, { method: 'POST' })).status).toBe(410);
    expect(await fireTimer('sweep-expired-uploads')).toMatchObject({ expired: 0, pagesRemoved: 0 });
  });
});
