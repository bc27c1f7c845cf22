import { describe, expect, inject, it } from 'vitest';
import { initialCounts } from '../../src/model/job-status.js';
import type { Item, Job } from '../../src/model/job-model.js';
import { MemoryJobStore } from '../../src/memory/memory-job-store.js';
import { TableJobStore } from '../../src/storage/table-job-store.js';
import type { JobStore } from '../../src/ports/job-store.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

const implementations: Array<[string, () => JobStore]> = [
  ['in memory', () => new MemoryJobStore()],
  ['on Table storage (Azurite)', () => new TableJobStore(inject('storageConnection'), `${uniquePrefix('store')}jobs`)],
];

function job(jobId: string, total: number, createdAt = new Date().toISOString()): Job {
  return {
    jobId,
    label: 'contract',
    source: 'api',
    priority: 'bulk',
    status: 'queued',
    counts: initialCounts(total),
    createdAt,
    completedAt: undefined,
    cancelRequested: false,
    intakeComplete: false,
    requestHash: 'h',
  };
}

function item(jobId: string, index: number, body: Record<string, unknown> = { n: index }): Item {
  const now = new Date().toISOString();
  return {
    jobId,
    index,
    ref: `r${index}`,
    endpointId: 'deviceCompliancePolicyAssignment',
    apiVersion: 'v1.0',
    path: `/deviceManagement/deviceCompliancePolicies/p/assignments/a${index}`,
    params: { deviceCompliancePolicyId: 'p', deviceCompliancePolicyAssignmentId: `a${index}` },
    body,
    status: 'queued',
    attempts: 0,
    token: `t${index}`,
    leaseUntil: undefined,
    nextAttemptAt: undefined,
    httpStatus: undefined,
    graphRequestId: undefined,
    clientRequestId: undefined,
    errorCode: undefined,
    errorMessage: undefined,
    durationMs: undefined,
    createdAt: now,
    updatedAt: now,
    completedAt: undefined,
  };
}

describe.each(implementations)('JobStore %s', (_, create) => {
  it('stores a job with its items and reads them back unchanged', async () => {
    const store = create();
    const items = [item('j1', 0), item('j1', 1, { big: 'x'.repeat(70_000) })];
    await store.createJob(job('j1', 2), items);
    expect(await store.getJob('j1')).toMatchObject({ jobId: 'j1', counts: { total: 2, queued: 2 } });
    expect(await store.getItem('j1', 1)).toEqual(items[1]);
    expect(await store.getItem('j1', 7)).toBeUndefined();
    expect(await store.getJob('nope')).toBeUndefined();
  });

  it('moves counts with every status change, in the same write', async () => {
    const store = create();
    await store.createJob(job('j2', 3), [0, 1, 2].map((i) => item('j2', i)));
    await store.updateItems('j2', [0], () => ({ status: 'succeeded', completedAt: new Date().toISOString() }));
    await store.updateItems('j2', [1], () => ({ status: 'retrying' }));
    expect(await store.getJob('j2')).toMatchObject({ status: 'running', counts: { queued: 1, retrying: 1, succeeded: 1 } });
    await store.updateItems('j2', [1, 2], () => ({ status: 'failed' }));
    const done = await store.getJob('j2');
    expect(done).toMatchObject({ status: 'partiallySucceeded', counts: { queued: 0, retrying: 0, succeeded: 1, failed: 2 } });
    expect(done?.completedAt).toBeDefined();
  });

  it('counts each concurrent status change exactly once', async () => {
    const store = create();
    const n = 30;
    await store.createJob(job('j3', n), Array.from({ length: n }, (_, i) => item('j3', i)));
    // Every item is finished twice at once, as by a duplicate delivery; only one may count.
    await Promise.all(
      Array.from({ length: n * 2 }, (_, k) =>
        store.updateItems('j3', [k % n], (it) => (it.status === 'queued' ? { status: 'succeeded' } : undefined)),
      ),
    );
    expect(await store.getJob('j3')).toMatchObject({ status: 'succeeded', counts: { total: n, succeeded: n, queued: 0 } });
  });

  it('changes items without touching counts when no status moves', async () => {
    const store = create();
    await store.createJob(job('j4', 1), [item('j4', 0)]);
    const result = await store.updateItems('j4', [0], (it) => ({ attempts: it.attempts + 1, leaseUntil: 'soon' }));
    expect(result?.changed[0]).toMatchObject({ attempts: 1, leaseUntil: 'soon', status: 'queued' });
    expect((await store.getJob('j4'))?.counts.queued).toBe(1);
  });

  it('updates more items than fit in one transaction', async () => {
    const store = create();
    const n = 250;
    await store.createJob(job('j5', n), Array.from({ length: n }, (_, i) => item('j5', i)));
    const result = await store.updateItems('j5', Array.from({ length: n }, (_, i) => i), () => ({ status: 'canceled' }));
    expect(result?.changed).toHaveLength(n);
    expect(await store.getJob('j5')).toMatchObject({ counts: { canceled: n, queued: 0 } });
  });

  it('pages items in index order and filters by status', async () => {
    const store = create();
    await store.createJob(job('j6', 12), Array.from({ length: 12 }, (_, i) => item('j6', i)));
    await store.updateItems('j6', [3, 10], () => ({ status: 'failed' }));
    const first = await store.listItems('j6', { limit: 5 });
    expect(first.values.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
    const second = await store.listItems('j6', { limit: 5, continuationToken: first.continuationToken! });
    expect(second.values.map((i) => i.index)).toEqual([5, 6, 7, 8, 9]);
    const failed = await store.listItems('j6', { status: 'failed', limit: 100 });
    expect(failed.values.map((i) => i.index)).toEqual([3, 10]);
    expect(failed.continuationToken).toBeUndefined();
  });

  it('lists jobs newest first', async () => {
    const store = create();
    await store.createJob(job('old', 1, '2026-01-01T00:00:00.000Z'), [item('old', 0)]);
    await store.createJob(job('new', 1, '2026-02-01T00:00:00.000Z'), [item('new', 0)]);
    const page = await store.listJobs({ limit: 10 });
    const ids = page.values.map((j) => j.jobId);
    expect(ids.indexOf('new')).toBeLessThan(ids.indexOf('old'));
  });

  it('writes the same job again without overwriting items that moved on', async () => {
    const store = create();
    await store.createJob(job('j7', 2), [item('j7', 0), item('j7', 1)]);
    await store.updateItems('j7', [0], () => ({ status: 'succeeded' }));
    await store.createJob(job('j7', 2), [item('j7', 0), item('j7', 1)]);
    expect((await store.getItem('j7', 0))?.status).toBe('succeeded');
    expect((await store.getJob('j7'))?.counts.succeeded).toBe(1);
  });

  it('binds an idempotency key once and reports the holder afterwards', async () => {
    const store = create();
    expect(await store.reserveIdempotencyKey('k', { jobId: 'a', requestHash: 'h1' })).toBeUndefined();
    expect(await store.reserveIdempotencyKey('k', { jobId: 'b', requestHash: 'h2' })).toEqual({ jobId: 'a', requestHash: 'h1' });
  });

  it('sets the cancel flag and re-derives the job status', async () => {
    const store = create();
    await store.createJob(job('j8', 1), [item('j8', 0)]);
    await store.updateJob('j8', () => ({ cancelRequested: true }));
    await store.updateItems('j8', [0], () => ({ status: 'canceled' }));
    expect(await store.getJob('j8')).toMatchObject({ cancelRequested: true, status: 'canceled' });
  });

  it('keeps the end of a job\'s waiting-room turns for each budget', async () => {
    const store = create();
    await store.createJob(job('j9', 1), [item('j9', 0)]);
    const turnsEndAt = { deviceConfiguration: '2026-01-01T00:00:10.000Z', deviceConfigV2: '2026-01-01T00:00:04.000Z' };
    await store.updateJob('j9', () => ({ intakeComplete: true, turnsEndAt }));
    expect(await store.getJob('j9')).toMatchObject({ intakeComplete: true, turnsEndAt });
  });

  it('publishes a job before its items are written, with exact counts, and takes the items later', async () => {
    const store = create();
    await store.publishJob(job('p1', 3), [0, 1, 2]);
    expect((await store.getJob('p1'))?.counts).toEqual(initialCounts(3));
    expect((await store.listItems('p1', { limit: 10 })).values).toHaveLength(0);
    await store.addItems('p1', [item('p1', 0), item('p1', 1)]);
    await store.addItems('p1', [item('p1', 1, { changed: true }), item('p1', 2)]);
    const items = (await store.listItems('p1', { limit: 10 })).values;
    expect(items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(items[1]?.body).toEqual({ n: 1 });
  });

  it('lists items after an index, changed before a time, or attempted', async () => {
    const store = create();
    await store.createJob(job('q1', 12), Array.from({ length: 12 }, (_, i) => item('q1', i)));
    expect((await store.listItems('q1', { afterIndex: 9, limit: 10 })).values.map((i) => i.index)).toEqual([10, 11]);
    expect((await store.listItems('q1', { afterIndex: -1, limit: 2 })).values.map((i) => i.index)).toEqual([0, 1]);
    await new Promise((r) => setTimeout(r, 5));
    const cut = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await store.updateItems('q1', [3, 4], (i) => ({ attempts: i.attempts + 1 }));
    await store.updateItems('q1', [5], () => ({ status: 'retrying' }));
    const older = (await store.listItems('q1', { status: 'queued', updatedBefore: cut, limit: 20 })).values.map((i) => i.index);
    expect(older).toEqual([0, 1, 2, 6, 7, 8, 9, 10, 11]);
    expect((await store.listItems('q1', { status: 'queued', attempted: true, limit: 20 })).values.map((i) => i.index)).toEqual([3, 4]);
  });

  it('pages items without skipping any when the caller changes the ones it was given', async () => {
    const store = create();
    await store.createJob(job('q2', 7), Array.from({ length: 7 }, (_, i) => item('q2', i)));
    const seen: number[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await store.listItems('q2', { status: 'queued', limit: 3, ...(continuationToken ? { continuationToken } : {}) });
      seen.push(...page.values.map((i) => i.index));
      await store.updateItems('q2', page.values.map((i) => i.index), () => ({ status: 'canceled' }));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps unfinished jobs on the active list until taken off as they were read', async () => {
    const store = create();
    await store.createJob(job('a1', 1), [item('a1', 0)]);
    const entry = await find(store, 'a1');
    expect(entry).toBeDefined();
    await store.markJobActive('a1');
    expect(await store.retireActiveJob(entry!)).toBe(false);
    expect(await store.retireActiveJob((await find(store, 'a1'))!)).toBe(true);
    expect(await find(store, 'a1')).toBeUndefined();
  });

  it('records an intake step only when the decision was made on the job as it is', async () => {
    const store = create();
    const base = { ...job('c1', 1), intake: { recorded: 0, enqueued: 0, pagesRecorded: 0, pagesEnqueued: 0, pageCount: 1, pageSize: 1000, lastTurns: {}, token: 't0', nextAt: new Date().toISOString() } };
    await store.createJob(base, [item('c1', 0)]);
    const step = (from: string, to: string) =>
      store.updateJob('c1', (j) => (j.intake?.token === from ? { intake: { ...j.intake, token: to, recorded: 1 } } : undefined));
    await Promise.all([step('t0', 'a'), step('t0', 'b')]);
    const token = (await store.getJob('c1'))?.intake?.token;
    expect(['a', 'b']).toContain(token);
    expect(await store.getJob('c1')).toMatchObject({ intake: { recorded: 1, token } });
  });
});

async function find(store: JobStore, jobId: string) {
  for await (const entry of store.listActiveJobs()) if (entry.jobId === jobId) return entry;
  return undefined;
}
