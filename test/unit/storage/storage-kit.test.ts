import { describe, expect, it } from 'vitest';
import { createOnFirstUse, ignoreConflict, missingAsUndefined, retryLostRaces } from '../../../src/storage/storage-kit.js';

const failure = (statusCode: number) => Object.assign(new Error(`status ${statusCode}`), { statusCode });

describe('the storage kit', () => {
  it('creates once for concurrent callers and tries again after a failure', async () => {
    let calls = 0;
    const ready = createOnFirstUse(async () => {
      calls += 1;
      if (calls === 1) throw failure(503);
    });
    await expect(Promise.all([ready(), ready()])).rejects.toThrow('status 503');
    expect(calls).toBe(1);
    await Promise.all([ready(), ready()]);
    expect(calls).toBe(2);
  });

  it('reads a 404 as missing and passes any other failure on', async () => {
    await expect(missingAsUndefined(Promise.reject(failure(404)))).resolves.toBeUndefined();
    await expect(missingAsUndefined(Promise.reject(failure(500)))).rejects.toThrow('status 500');
  });

  it('ignores a create that lost to an earlier one, and nothing else', async () => {
    await expect(ignoreConflict(Promise.reject(failure(409)))).resolves.toBeUndefined();
    await expect(ignoreConflict(Promise.reject(failure(412)))).rejects.toThrow('status 412');
  });

  it('decides again after a lost race and gives up after the last attempt', async () => {
    let attempts = 0;
    const won = await retryLostRaces('the entity', 5, async (n) => {
      attempts = n;
      if (n < 3) throw failure(n === 1 ? 412 : 409);
      return 'written';
    });
    expect([won, attempts]).toEqual(['written', 3]);
    await expect(retryLostRaces('the entity', 2, async () => Promise.reject(failure(412)))).rejects.toThrow(
      'the entity kept changing under 2 attempts to write it; try again',
    );
    await expect(retryLostRaces('the entity', 5, async () => Promise.reject(failure(500)))).rejects.toThrow('status 500');
  });
});
