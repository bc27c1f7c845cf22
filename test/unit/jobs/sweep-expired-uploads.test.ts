import { describe, expect, it } from 'vitest';
import { createUpload, getUpload, putUploadPage } from '../../../src/jobs/job-uploads.js';
import { submitUpload } from '../../../src/jobs/submit-upload.js';
import { sweepExpiredUploads } from '../../../src/jobs/sweep-expired-uploads.js';
import { MemoryUploadStore } from '../../../src/memory/memory-upload-store.js';
import { EXPIRED_RECORD_KEPT_MS } from '../../../src/model/is-upload-expired.js';
import type { JobUpload, UploadUpdate } from '../../../src/ports/upload-store.js';
import type { Logger } from '../../../src/shared/logger.js';
import { intakeDeps } from '../../helpers/intake-deps.js';
import { complianceItem } from '../../helpers/sample-items.js';

const HOUR = 3600_000;

/**
 * The memory store, with a moment to step in once: `before(name)` runs just before the first
 * call of `name`, as another instance would act while this one waits on storage.
 */
class SteppedUploadStore extends MemoryUploadStore {
  private readonly steps = new Map<string, () => Promise<void>>();

  before(name: 'update' | 'getPage' | 'deletePages', step: () => Promise<void>): void {
    this.steps.set(name, step);
  }

  private async step(name: string): Promise<void> {
    const step = this.steps.get(name);
    this.steps.delete(name);
    await step?.();
  }

  override async update(uploadId: string, decide: (current: JobUpload) => JobUpload | undefined): Promise<UploadUpdate | undefined> {
    await this.step('update');
    return super.update(uploadId, decide);
  }

  override async getPage(uploadId: string, page: number): Promise<readonly unknown[] | undefined> {
    await this.step('getPage');
    return super.getPage(uploadId, page);
  }

  override async deletePages(uploadId: string): Promise<number> {
    await this.step('deletePages');
    return super.deletePages(uploadId);
  }
}

function recordingLog() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (message, fields) => void lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => void lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => void lines.push({ level: 'error', message, fields }),
  };
  return { log, lines };
}

function setup() {
  const uploads = new SteppedUploadStore();
  const { log, lines } = recordingLog();
  const d = { ...intakeDeps(), uploads, uploadExpiresAfterMs: HOUR };
  return { d, uploads, lines, sweep: () => sweepExpiredUploads({ ...d, log }) };
}

/** An upload of 20 items in two pages, both sent. */
async function sentUpload(d: ReturnType<typeof setup>['d']) {
  const outcome = await createUpload(d, { priority: 'bulk', itemCount: 20, pageSize: 10 }, null);
  if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
  for (const n of [0, 1]) {
    const put = await putUploadPage(d, outcome.upload.uploadId, n, { items: Array.from({ length: 10 }, (_, i) => complianceItem(n * 10 + i)) });
    expect(put.kind).toBe('stored');
  }
  return outcome.upload;
}

const jobsIn = async (d: ReturnType<typeof setup>['d']) => (await d.store.listJobs({ limit: 10 })).values;

describe('the sweeper of expired uploads', () => {
  it('removes the pages of an upload past its expiresAt, logs and counts them, and leaves fresh and submitted uploads alone', async () => {
    const { d, uploads, lines, sweep } = setup();
    const stale = await sentUpload(d);
    const submitted = await sentUpload(d);
    expect((await submitUpload(d, submitted.uploadId)).kind).toBe('accepted');
    d.clock.advance(HOUR / 2);
    const fresh = await sentUpload(d);

    expect(await sweep()).toEqual({ uploads: 3, expired: 0, forgotten: 0, pagesRemoved: 0, failed: 0 });
    d.clock.advance(HOUR / 2);
    expect(await sweep()).toEqual({ uploads: 3, expired: 1, forgotten: 0, pagesRemoved: 2, failed: 0 });
    expect(await uploads.listPages(stale.uploadId)).toEqual([]);
    expect(await uploads.listPages(fresh.uploadId)).toEqual([0, 1]);
    expect(await getUpload(d, submitted.uploadId)).toMatchObject({ kind: 'found' });
    expect(lines).toEqual([{ level: 'info', message: 'Expired upload removed', fields: { uploadId: stale.uploadId, expiresAt: stale.expiresAt, itemCount: 20, pagesRemoved: 2 } }]);
    // Swept again, nothing more is removed or counted.
    expect(await sweep()).toMatchObject({ expired: 0, pagesRemoved: 0 });
  });

  it('keeps the record of an expired upload so its routes say it expired, then forgets it after the time it is kept', async () => {
    const { d, uploads, sweep } = setup();
    const upload = await sentUpload(d);
    d.clock.advance(HOUR);
    await sweep();
    expect(await getUpload(d, upload.uploadId)).toMatchObject({ kind: 'expired', upload: { expiresAt: upload.expiresAt } });
    d.clock.advance(EXPIRED_RECORD_KEPT_MS);
    expect(await sweep()).toMatchObject({ forgotten: 1, pagesRemoved: 0 });
    expect(await uploads.get(upload.uploadId)).toBeUndefined();
    expect(await getUpload(d, upload.uploadId)).toEqual({ kind: 'notFound' });
  });

  it('lets a submit that took the upload in time finish with every page, though the sweeper runs past expiresAt while it reads them', async () => {
    const { d, uploads, sweep } = setup();
    const upload = await sentUpload(d);
    d.clock.advance(HOUR - 1000);
    let during: Awaited<ReturnType<typeof sweep>> | undefined;
    uploads.before('getPage', async () => {
      d.clock.advance(5000);
      during = await sweep();
    });
    const outcome = await submitUpload(d, upload.uploadId);
    expect(during).toMatchObject({ expired: 0, pagesRemoved: 0 });
    expect(outcome).toMatchObject({ kind: 'accepted', job: { counts: { total: 20 } } });
    expect(await sweep()).toMatchObject({ expired: 0 });
    expect(await getUpload(d, upload.uploadId)).toMatchObject({ kind: 'found', upload: { jobId: (outcome as { job: { jobId: string } }).job.jobId } });
  });

  it('makes no job when the sweeper took the upload first, even for a submit whose clock is behind', async () => {
    const { d, uploads, sweep } = setup();
    const upload = await sentUpload(d);
    d.clock.advance(HOUR - 1000);
    uploads.before('update', async () => {
      // Another instance, its clock a few seconds ahead, sweeps between this submit's read and its take.
      d.clock.advance(5000);
      expect(await sweep()).toMatchObject({ expired: 1, pagesRemoved: 2 });
      d.clock.advance(-5000);
    });
    const outcome = await submitUpload(d, upload.uploadId);
    expect(outcome).toMatchObject({ kind: 'expired', upload: { expiresAt: upload.expiresAt } });
    expect(await jobsIn(d)).toEqual([]);
  });

  it('removes on its next round a page put while the upload was being taken', async () => {
    const { d, uploads, lines, sweep } = setup();
    const upload = await sentUpload(d);
    d.clock.advance(HOUR);
    // A PUT that read the upload before it expired writes its page as the sweeper removes the others.
    uploads.before('deletePages', async () => void (await uploads.putPage(upload.uploadId, 5, [complianceItem(50)], 'late')));
    expect(await sweep()).toMatchObject({ expired: 1, pagesRemoved: 3 });
    expect(await uploads.putPage(upload.uploadId, 6, [complianceItem(60)], 'later')).toBe('stored');
    expect(await sweep()).toMatchObject({ expired: 0, pagesRemoved: 1 });
    expect(await uploads.listPages(upload.uploadId)).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', message: 'Pages of an expired upload removed late', fields: { pagesRemoved: 1 } });
  });

  it('goes on to the other uploads when one cannot be removed, and takes that one again on its next round', async () => {
    const { d, uploads, lines, sweep } = setup();
    await sentUpload(d);
    await sentUpload(d);
    d.clock.advance(HOUR);
    uploads.before('deletePages', async () => {
      throw new Error('storage unavailable');
    });
    expect(await sweep()).toMatchObject({ uploads: 2, expired: 1, pagesRemoved: 2, failed: 1 });
    expect(lines.find((l) => l.level === 'error')).toMatchObject({ message: 'Expired upload not removed', fields: { error: 'storage unavailable' } });
    // Taken but not cleared: the next round clears it.
    expect(await sweep()).toMatchObject({ expired: 0, pagesRemoved: 2, failed: 0 });
  });
});
