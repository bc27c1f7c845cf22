import { describe, expect, it } from 'vitest';
import { createUpload, getUpload, MAX_UPLOAD_ITEMS, putUploadPage, uploadView } from '../../../src/jobs/job-uploads.js';
import { submitUpload } from '../../../src/jobs/submit-upload.js';
import { MemoryUploadStore } from '../../../src/memory/memory-upload-store.js';
import { drainIntake, intakeDeps } from '../../helpers/intake-deps.js';
import { complianceItem } from '../../helpers/sample-items.js';

const HOUR = 3600_000;

function setup() {
  return { ...intakeDeps(), uploads: new MemoryUploadStore(), uploadExpiresAfterMs: HOUR };
}

async function open(d: ReturnType<typeof setup>, itemCount: number, pageSize: number) {
  const outcome = await createUpload(d, { label: 'big', priority: 'bulk', itemCount, pageSize }, null);
  if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
  return outcome.upload;
}

const page = (from: number, count: number) => ({ items: Array.from({ length: count }, (_, n) => complianceItem(from + n)) });

describe('jobs delivered in pages', () => {
  it('opens an upload that expects its pages, and refuses a count over 100,000 naming the field', async () => {
    const d = setup();
    const upload = await open(d, 25_000, 10_000);
    expect(await uploadView(d, upload)).toMatchObject({ itemCount: 25_000, pageSize: 10_000, pageCount: 3, pagesReceived: [], jobId: null });
    expect(await createUpload(d, { itemCount: MAX_UPLOAD_ITEMS + 1 }, null)).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'itemCount', message: expect.stringContaining('100000') }],
    });
    expect(await createUpload(d, { itemCount: 10, pageSize: 10_001 }, null)).toMatchObject({ kind: 'invalid', errors: [{ field: 'pageSize' }] });
  });

  it('names an invalid item of a page by its index in the whole job', async () => {
    const d = setup();
    const upload = await open(d, 30, 10);
    const second = page(10, 10);
    (second.items[3] as { body: Record<string, unknown> }).body.colour = 'blue';
    const outcome = await putUploadPage(d, upload.uploadId, 1, second);
    expect(outcome).toMatchObject({ kind: 'invalid', errors: [{ index: 13, field: expect.stringMatching(/^items\[13\]\.body/) }] });
    expect(await putUploadPage(d, upload.uploadId, 1, page(10, 9))).toMatchObject({ kind: 'invalid', errors: [{ field: 'items', message: expect.stringContaining('exactly 10') }] });
    expect(await putUploadPage(d, upload.uploadId, 3, page(30, 10))).toMatchObject({ kind: 'invalid', errors: [{ field: 'page' }] });
  });

  it('takes a page again with the same items, and refuses it with other items', async () => {
    const d = setup();
    const upload = await open(d, 20, 10);
    expect(await putUploadPage(d, upload.uploadId, 0, page(0, 10))).toMatchObject({ kind: 'stored', itemCount: 10 });
    expect(await putUploadPage(d, upload.uploadId, 0, page(0, 10))).toMatchObject({ kind: 'same' });
    expect(await putUploadPage(d, upload.uploadId, 0, page(100, 10))).toEqual({ kind: 'different', page: 0 });
  });

  it('will not make a job before every page is there, and says which are missing', async () => {
    const d = setup();
    const upload = await open(d, 25, 10);
    await putUploadPage(d, upload.uploadId, 1, page(10, 10));
    expect(await submitUpload(d, upload.uploadId)).toEqual({ kind: 'incomplete', missing: [0, 2] });
  });

  it('refuses at submission two items of different pages that change one assignment, naming the later', async () => {
    const d = setup();
    const upload = await open(d, 4, 2);
    await putUploadPage(d, upload.uploadId, 0, { items: [complianceItem(0), complianceItem(1)] });
    await putUploadPage(d, upload.uploadId, 1, { items: [complianceItem(2), complianceItem(0)] });
    const outcome = await submitUpload(d, upload.uploadId);
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind === 'invalid') expect(outcome.errors.map((e) => e.index)).toContain(3);
  });

  it('answers with when the upload expires, and past that time refuses its pages, its submit and its view as expired', async () => {
    const d = setup();
    const upload = await open(d, 20, 10);
    expect(upload.expiresAt).toBe(new Date(d.clock().getTime() + HOUR).toISOString());
    expect(await uploadView(d, upload)).toMatchObject({ createdAt: d.clock().toISOString(), expiresAt: upload.expiresAt });
    expect(await putUploadPage(d, upload.uploadId, 0, page(0, 10))).toMatchObject({ kind: 'stored' });
    d.clock.advance(HOUR - 1);
    expect(await getUpload(d, upload.uploadId)).toMatchObject({ kind: 'found' });
    d.clock.advance(1);
    const expired = { kind: 'expired', upload: { uploadId: upload.uploadId, expiresAt: upload.expiresAt } };
    expect(await getUpload(d, upload.uploadId)).toMatchObject(expired);
    expect(await putUploadPage(d, upload.uploadId, 1, page(10, 10))).toMatchObject(expired);
    expect(await submitUpload(d, upload.uploadId)).toMatchObject(expired);
    expect(await d.uploads.listPages(upload.uploadId)).toEqual([0]);
    expect(await getUpload(d, 'no-such-upload')).toEqual({ kind: 'notFound' });
  });

  it('never expires a submitted upload: its view shows the job and no expiry, and submitting again answers the job', async () => {
    const d = setup();
    const upload = await open(d, 20, 10);
    await putUploadPage(d, upload.uploadId, 0, page(0, 10));
    await putUploadPage(d, upload.uploadId, 1, page(10, 10));
    const outcome = await submitUpload(d, upload.uploadId);
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome));
    d.clock.advance(30 * 24 * HOUR);
    const found = await getUpload(d, upload.uploadId);
    if (found.kind !== 'found') throw new Error(JSON.stringify(found));
    expect(await uploadView(d, found.upload)).toMatchObject({ jobId: outcome.job.jobId, expiresAt: null });
    expect(await submitUpload(d, upload.uploadId)).toMatchObject({ kind: 'accepted', replayed: true, job: { jobId: outcome.job.jobId } });
    expect(await putUploadPage(d, upload.uploadId, 0, page(0, 10))).toMatchObject({ kind: 'submitted' });
  });

  it('makes one job of 100,000 items with exact counts, numbered across pages, and the same job when submitted again', { timeout: 120_000 }, async () => {
    const d = setup();
    const upload = await open(d, MAX_UPLOAD_ITEMS, 10_000);
    for (let n = 0; n < 10; n++) expect(await putUploadPage(d, upload.uploadId, n, page(n * 10_000, 10_000))).toMatchObject({ kind: 'stored' });
    const outcome = await submitUpload(d, upload.uploadId);
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome).slice(0, 500));
    expect(outcome.job).toMatchObject({ status: 'queued', priority: 'bulk', label: 'big', counts: { total: 100_000, queued: 100_000 } });
    expect(await submitUpload(d, upload.uploadId)).toMatchObject({ kind: 'accepted', replayed: true, job: { jobId: outcome.job.jobId } });
    expect(await d.uploads.listPages(upload.uploadId)).toEqual([]);
    expect(await uploadView(d, (await d.uploads.get(upload.uploadId))!)).toMatchObject({ jobId: outcome.job.jobId });

    await drainIntake(d, 1000);
    const job = await d.store.getJob(outcome.job.jobId);
    expect(job).toMatchObject({ intakeComplete: true, counts: { total: 100_000, queued: 100_000 } });
    const last = await d.store.getItem(outcome.job.jobId, 99_999);
    expect(last).toMatchObject({ index: 99_999, ref: 'change-99999', status: 'queued' });
    expect(new Set(d.queue.take().map((s) => s.message.index)).size).toBe(100_000);
  });
});
