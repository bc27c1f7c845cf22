import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import pLimit from 'p-limit';
import type { Item } from '../model/job-model.js';
import type { IntakeStaging } from '../ports/intake-staging.js';
import { missingAsUndefined, openContainer, type StorageContainer } from './storage-kit.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Staged pages as gzip-compressed JSON blobs, `<jobId>/<stagingId>/<page>.json`, in their own
 * container. A page of 1,000 items is about 600 KB of JSON that repeats itself (the same policy
 * paths and bodies), and a sixteenth of that compressed: a 10,000-item POST waits for its pages to
 * be stored, and under load storage takes its time over every byte. zlib runs on the
 * thread pool, so compressing holds no invocation up. Pages stored uncompressed read as before.
 */
export class BlobIntakeStaging implements IntakeStaging {
  private readonly container: StorageContainer;

  constructor(connection: string, containerName: string) {
    this.container = openContainer(connection, containerName);
  }

  async putPages(jobId: string, stagingId: string, pages: ReadonlyArray<readonly Item[]>): Promise<void> {
    await this.container.ready();
    // A 10,000-item request's ten pages in one wave: the request waits for the slowest upload, not for a queue of them.
    const limit = pLimit(16);
    await Promise.all(
      pages.map((page, n) =>
        limit(async () => {
          const body = await gzipAsync(JSON.stringify(page));
          await this.container.client.getBlockBlobClient(blobName(jobId, stagingId, n)).upload(body, body.length, {
            blobHTTPHeaders: { blobContentType: 'application/json', blobContentEncoding: 'gzip' },
          });
        }),
      ),
    );
  }

  async getPage(jobId: string, stagingId: string, page: number): Promise<readonly Item[] | undefined> {
    const buffer = await missingAsUndefined(this.container.client.getBlockBlobClient(blobName(jobId, stagingId, page)).downloadToBuffer());
    if (!buffer) return undefined;
    const json = isGzip(buffer) ? await gunzipAsync(buffer) : buffer;
    return JSON.parse(json.toString('utf8')) as Item[];
  }

  async deleteAll(jobId: string): Promise<void> {
    await this.container.ready();
    const names: string[] = [];
    for await (const blob of this.container.client.listBlobsFlat({ prefix: `${jobId}/` })) names.push(blob.name);
    const limit = pLimit(8);
    await Promise.all(names.map((name) => limit(() => missingAsUndefined(this.container.client.deleteBlob(name, { deleteSnapshots: 'include' })))));
  }
}

/** gzip's magic bytes; JSON never starts with them. */
function isGzip(buffer: Buffer): boolean {
  return buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
}

function blobName(jobId: string, stagingId: string, page: number): string {
  return `${jobId}/${stagingId}/${String(page).padStart(5, '0')}.json`;
}
