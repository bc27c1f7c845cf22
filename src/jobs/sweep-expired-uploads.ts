import { expireUpload, uploadSweep } from '../model/is-upload-expired.js';
import type { JobUpload, UploadStore } from '../ports/upload-store.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export interface SweepUploadsDeps {
  readonly uploads: UploadStore;
  readonly clock: Clock;
  readonly log: Logger;
}

/** What one sweep of the uploads found and removed. */
export interface UploadSweepReport {
  /** Uploads looked at, submitted or not. */
  readonly uploads: number;
  /** Uploads that expired unsubmitted and were taken by this sweep: their pages removed. */
  readonly expired: number;
  /** Records of uploads expired long ago, removed for good. */
  readonly forgotten: number;
  /** Pages removed, of all of those (and any left behind by an earlier sweep). */
  readonly pagesRemoved: number;
  /** Uploads whose removal failed; the next sweep tries them again. */
  readonly failed: number;
}

/**
 * Removes the pages of uploads that expired without being submitted (`uploadSweep`). Each is
 * first taken by a conditional write (`expireUpload`), decided again on fresh data: a submit
 * that took the upload in time keeps its pages, and one that comes after finds it expired. The
 * record stays a while so the upload's routes can say it expired, then goes too.
 *
 * Safe on many instances at once: only the sweeper whose write takes the upload removes and
 * counts its pages; removing what is already gone is harmless.
 */
export async function sweepExpiredUploads(deps: SweepUploadsDeps): Promise<UploadSweepReport> {
  const report = { uploads: 0, expired: 0, forgotten: 0, pagesRemoved: 0, failed: 0 };
  for await (const upload of deps.uploads.list()) {
    report.uploads++;
    try {
      await sweepOne(deps, upload, report);
    } catch (error) {
      // One upload that cannot be removed just now must not keep the others for ever.
      report.failed++;
      deps.log.error('Expired upload not removed', { uploadId: upload.uploadId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

async function sweepOne(deps: SweepUploadsDeps, upload: JobUpload, report: { expired: number; forgotten: number; pagesRemoved: number }): Promise<void> {
  const { uploadId } = upload;
  switch (uploadSweep(upload, deps.clock().getTime())) {
    case 'keep':
      return;
    case 'expire': {
      const taken = await deps.uploads.update(uploadId, (current) => expireUpload(current, deps.clock().getTime()));
      // A submit took it first, or another sweeper did: theirs to finish.
      if (!taken?.changed) return;
      const pages = await deps.uploads.deletePages(uploadId);
      report.expired++;
      report.pagesRemoved += pages;
      deps.log.info('Expired upload removed', { uploadId, expiresAt: upload.expiresAt, itemCount: upload.itemCount, pagesRemoved: pages });
      return;
    }
    case 'clear': {
      const pages = await deps.uploads.deletePages(uploadId);
      if (pages === 0) return;
      report.pagesRemoved += pages;
      deps.log.warn('Pages of an expired upload removed late', { uploadId, pagesRemoved: pages });
      return;
    }
    case 'forget': {
      const pages = await deps.uploads.remove(uploadId);
      report.forgotten++;
      report.pagesRemoved += pages;
      deps.log.info('Record of an expired upload removed', { uploadId, expiredAt: upload.expiredAt, pagesRemoved: pages });
      return;
    }
  }
}
