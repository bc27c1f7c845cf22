import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { MemoryUploadStore } from '../../src/memory/memory-upload-store.js';
import { expireUpload, takeForSubmit, withJob } from '../../src/model/is-upload-expired.js';
import type { JobUpload, UploadStore } from '../../src/ports/upload-store.js';
import { BlobUploadStore } from '../../src/storage/blob-upload-store.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

/**
 * A store, and a way to write an upload's record at once, as another instance would, from
 * inside a decision: between the store's read and its write. For Blob storage that takes
 * another process, waited for, since a decision cannot wait on anything.
 */
interface Subject {
  readonly store: UploadStore;
  readonly writeNow: (upload: JobUpload) => void;
}

function blobSubject(): Subject {
  const connection = inject('storageConnection');
  const container = `${uniquePrefix('upload')}-intake`;
  const script = [
    "import { BlobServiceClient } from '@azure/storage-blob';",
    'const blob = BlobServiceClient.fromConnectionString(process.env.CONNECTION).getContainerClient(process.env.CONTAINER).getBlockBlobClient(process.env.NAME);',
    'await blob.upload(process.env.BODY, Buffer.byteLength(process.env.BODY));',
  ].join('\n');
  return {
    store: new BlobUploadStore(connection, container),
    writeNow(upload) {
      const env = { ...process.env, CONNECTION: connection, CONTAINER: container, NAME: `uploads/${upload.uploadId}/upload.json`, BODY: JSON.stringify(upload) };
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
      if (child.status !== 0) throw new Error(`the other writer failed: ${child.stderr}`);
    },
  };
}

function memorySubject(): Subject {
  const store = new MemoryUploadStore();
  // The memory store writes before its first await: the record is replaced by the time this returns.
  return { store, writeNow: (upload) => void store.create(upload) };
}

const implementations: Array<[string, () => Subject]> = [
  ['in memory', memorySubject],
  ['on Blob storage (Azurite)', blobSubject],
];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CREATED = Date.parse('2026-12-01T10:00:00Z');
const EXPIRES = CREATED + 3600_000;

function upload(uploadId: string): JobUpload {
  return { uploadId, itemCount: 25, pageSize: 10, createdAt: new Date(CREATED).toISOString(), createdBy: null, expiresAt: new Date(EXPIRES).toISOString() };
}

describe.each(implementations)('UploadStore %s', (_name, subject) => {
  const make = () => subject().store;

  it('keeps pages apart per upload, never changes a stored page, and lists them in order', async () => {
    const store = make();
    await store.create(upload('a'));
    await store.create(upload('b'));
    expect(await store.putPage('a', 2, [{ n: 20 }], 'h2')).toBe('stored');
    expect(await store.putPage('a', 0, [{ n: 0 }], 'h0')).toBe('stored');
    expect(await store.putPage('a', 0, [{ n: 0 }], 'h0')).toBe('same');
    expect(await store.putPage('a', 0, [{ n: 9 }], 'h9')).toBe('different');
    expect(await store.putPage('b', 0, [{ n: 100 }], 'hb')).toBe('stored');
    expect(await store.listPages('a')).toEqual([0, 2]);
    expect(await store.getPage('a', 0)).toEqual([{ n: 0 }]);
    expect(await store.getPage('a', 1)).toBeUndefined();
    expect(await store.get('a')).toEqual(upload('a'));
    expect(await store.get('nothing')).toBeUndefined();
  });

  it('writes what a decision makes of the upload, and nothing when it decides nothing', async () => {
    const store = make();
    await store.create(upload('u'));
    const taken = await store.update('u', (current) => takeForSubmit(current, EXPIRES - 1000));
    expect(taken).toEqual({ changed: true, upload: { ...upload('u'), submittingSince: new Date(EXPIRES - 1000).toISOString() } });
    expect(await store.update('u', (current) => expireUpload(current, EXPIRES + 1000))).toEqual({ changed: false, upload: taken!.upload });
    const done = await store.update('u', (current) => withJob(current, 'job-1'));
    expect(done).toMatchObject({ changed: true, upload: { jobId: 'job-1' } });
    expect(await store.get('u')).toEqual(done!.upload);
    expect(await store.get('u')).not.toHaveProperty('submittingSince');
    expect(await store.update('nothing', () => upload('nothing'))).toBeUndefined();
  });

  it('decides again on what another writer wrote in between: of many writers who each write only if nobody has, one does', async () => {
    const store = make();
    await store.create(upload('race'));
    const writers = Array.from({ length: 6 }, (_, n) => store.update('race', (current) => (current.jobId ? undefined : { ...current, jobId: `job-${n}` })));
    const results = await Promise.all(writers);
    const winners = results.filter((r) => r?.changed);
    expect(winners).toHaveLength(1);
    const jobId = winners[0]!.upload.jobId;
    for (const r of results) expect(r?.upload.jobId).toBe(jobId);
    expect((await store.get('race'))?.jobId).toBe(jobId);
  });

  it('decides again when another writer got in between its read and its write, and never writes over what that one wrote', async () => {
    const { store, writeNow } = subject();
    await store.create(upload('between'));
    const seen: Array<string | undefined> = [];
    const result = await store.update('between', (current) => {
      seen.push(current.jobId);
      if (seen.length === 1) writeNow({ ...current, jobId: 'job-other' });
      return current.jobId ? undefined : { ...current, jobId: 'job-mine' };
    });
    expect(seen).toEqual([undefined, 'job-other']);
    expect(result).toEqual({ changed: false, upload: { ...upload('between'), jobId: 'job-other' } });
    expect((await store.get('between'))?.jobId).toBe('job-other');
  });

  it('lists every upload once, however many pages each holds', async () => {
    const store = make();
    for (const id of ['l1', 'l2', 'l3']) await store.create(upload(id));
    for (let page = 0; page < 3; page++) await store.putPage('l2', page, [{ page }], `h${page}`);
    const listed: string[] = [];
    for await (const found of store.list()) listed.push(found.uploadId);
    expect(listed.sort()).toEqual(['l1', 'l2', 'l3']);
  });

  it('removes pages and counts them, then the record and whatever is left', async () => {
    const store = make();
    await store.create(upload('d'));
    for (let page = 0; page < 3; page++) await store.putPage('d', page, [{ page }], `h${page}`);
    expect(await store.deletePages('d')).toBe(3);
    expect(await store.listPages('d')).toEqual([]);
    expect(await store.get('d')).toEqual(upload('d'));
    await store.putPage('d', 1, [{ page: 1 }], 'h1');
    expect(await store.remove('d')).toBe(1);
    expect(await store.get('d')).toBeUndefined();
    expect(await store.update('d', () => upload('d'))).toBeUndefined();
    const listed: string[] = [];
    for await (const found of store.list()) listed.push(found.uploadId);
    expect(listed).toEqual([]);
    expect(await store.remove('d')).toBe(0);
  });
});
