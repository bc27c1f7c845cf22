import { describe, expect, it } from 'vitest';
import {
  EXPIRED_RECORD_KEPT_MS,
  expireUpload,
  isUploadExpired,
  SUBMIT_HOLD_MS,
  takeForSubmit,
  uploadExpiresAt,
  uploadSweep,
  withJob,
} from '../../../src/model/is-upload-expired.js';
import type { JobUpload } from '../../../src/model/job-upload.js';

const CREATED = Date.parse('2026-12-01T10:00:00Z');
const DAY = 24 * 3600_000;
const EXPIRES = CREATED + DAY;
const iso = (ms: number) => new Date(ms).toISOString();

const upload: JobUpload = {
  uploadId: 'u1',
  itemCount: 20,
  pageSize: 10,
  createdAt: iso(CREATED),
  createdBy: null,
  expiresAt: uploadExpiresAt(new Date(CREATED), DAY),
};

describe('upload expiry rules', () => {
  it('expires an upload at its expiresAt, not a moment before', () => {
    expect(upload.expiresAt).toBe('2026-12-02T10:00:00.000Z');
    expect(isUploadExpired(upload, EXPIRES - 1)).toBe(false);
    expect(isUploadExpired(upload, EXPIRES)).toBe(true);
    expect(uploadSweep(upload, EXPIRES - 1)).toBe('keep');
    expect(uploadSweep(upload, EXPIRES)).toBe('expire');
  });

  it('never expires a submitted upload, however old', () => {
    const submitted = withJob(upload, 'job-1')!;
    expect(submitted.jobId).toBe('job-1');
    expect(isUploadExpired(submitted, EXPIRES + 365 * DAY)).toBe(false);
    expect(uploadSweep(submitted, EXPIRES + 365 * DAY)).toBe('keep');
    expect(expireUpload(submitted, EXPIRES + 1)).toBeUndefined();
    expect(withJob(submitted, 'job-2')).toBeUndefined();
  });

  it('lets a submit take the upload only before it expires, and keeps the sweeper off it while that submit may run', () => {
    expect(takeForSubmit(upload, EXPIRES)).toBeUndefined();
    const taken = takeForSubmit(upload, EXPIRES - 1000)!;
    expect(taken.submittingSince).toBe(iso(EXPIRES - 1000));
    // Past expiresAt, the submit that took it in time still holds it.
    expect(isUploadExpired(taken, EXPIRES + 60_000)).toBe(false);
    expect(expireUpload(taken, EXPIRES + 60_000)).toBeUndefined();
    // A submit that died lets it expire once its hold ends.
    expect(isUploadExpired(taken, EXPIRES - 1000 + SUBMIT_HOLD_MS)).toBe(true);
    expect(expireUpload(taken, EXPIRES - 1000 + SUBMIT_HOLD_MS)?.expiredAt).toBe(iso(EXPIRES - 1000 + SUBMIT_HOLD_MS));
    // The job made under the hold ends it.
    expect(withJob(taken, 'job-1')).not.toHaveProperty('submittingSince');
  });

  it('refuses a submit the sweeper got to first, even before expiresAt as a skewed clock sees it', () => {
    const expired = expireUpload(upload, EXPIRES)!;
    expect(takeForSubmit(expired, EXPIRES - 5000)).toBeUndefined();
    expect(isUploadExpired(expired, EXPIRES - 5000)).toBe(true);
    expect(expireUpload(expired, EXPIRES + 1)).toBeUndefined();
  });

  it('clears what is left of an expired upload on later sweeps, and forgets its record after the time it is kept', () => {
    const expired = expireUpload(upload, EXPIRES + 1000)!;
    expect(uploadSweep(expired, EXPIRES + 2000)).toBe('clear');
    expect(uploadSweep(expired, EXPIRES + 1000 + EXPIRED_RECORD_KEPT_MS - 1)).toBe('clear');
    expect(uploadSweep(expired, EXPIRES + 1000 + EXPIRED_RECORD_KEPT_MS)).toBe('forget');
  });
});
