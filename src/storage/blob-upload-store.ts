import pLimit from 'p-limit';
import type { JobUpload, PagePut, UploadStore, UploadUpdate } from '../ports/upload-store.js';
import { statusCodeOf } from '../shared/status-code-of.js';
import { missingAsUndefined, openContainer, retryLostRaces, type StorageContainer } from './storage-kit.js';

/** Writers of one upload are a submit and the sweeper, rarely more: a few rounds settle any race. */
const MAX_UPDATE_ATTEMPTS = 8;

/**
 * Uploads as JSON blobs in the intake container: `uploads/<uploadId>/upload.json` and one
 * `uploads/<uploadId>/<page>.json` per page, written create-if-absent so that a page, once
 * stored, never changes. The record is changed only under its ETag, so a submit and the
 * sweeper never both think they won.
 */
export class BlobUploadStore implements UploadStore {
  private readonly container: StorageContainer;

  constructor(connection: string, containerName: string) {
    this.container = openContainer(connection, containerName);
  }

  async create(upload: JobUpload): Promise<void> {
    await this.write(metaName(upload.uploadId), upload);
  }

  async get(uploadId: string): Promise<JobUpload | undefined> {
    return (await this.readTagged<JobUpload>(metaName(uploadId)))?.value;
  }

  async update(uploadId: string, decide: (current: JobUpload) => JobUpload | undefined): Promise<UploadUpdate | undefined> {
    return retryLostRaces(`upload ${uploadId}`, MAX_UPDATE_ATTEMPTS, async () => {
      const read = await this.readTagged<JobUpload>(metaName(uploadId));
      if (!read) return undefined;
      const next = decide(read.value);
      if (!next) return { upload: read.value, changed: false };
      await this.write(metaName(uploadId), next, read.etag);
      return { upload: next, changed: true };
    });
  }

  async *list(): AsyncIterable<JobUpload> {
    await this.container.ready();
    // One prefix per upload, whatever its page count: the pages themselves are not listed.
    for await (const entry of this.container.client.listBlobsByHierarchy('/', { prefix: 'uploads/' })) {
      if (entry.kind !== 'prefix') continue;
      const upload = await this.get(entry.name.slice('uploads/'.length, -1));
      if (upload) yield upload;
    }
  }

  async putPage(uploadId: string, page: number, items: readonly unknown[], hash: string): Promise<PagePut> {
    await this.container.ready();
    const text = JSON.stringify({ hash, items });
    try {
      await this.container.client.getBlockBlobClient(pageName(uploadId, page)).upload(text, Buffer.byteLength(text), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        conditions: { ifNoneMatch: '*' },
      });
      return 'stored';
    } catch (error) {
      const status = statusCodeOf(error);
      if (status !== 409 && status !== 412) throw error;
      const stored = await this.readTagged<{ hash: string }>(pageName(uploadId, page));
      return stored?.value.hash === hash ? 'same' : 'different';
    }
  }

  async getPage(uploadId: string, page: number): Promise<readonly unknown[] | undefined> {
    return (await this.readTagged<{ items: unknown[] }>(pageName(uploadId, page)))?.value.items;
  }

  async listPages(uploadId: string): Promise<number[]> {
    await this.container.ready();
    const pages: number[] = [];
    for await (const blob of this.container.client.listBlobsFlat({ prefix: `uploads/${uploadId}/` })) {
      const match = /\/(\d{5})\.json$/.exec(blob.name);
      if (match) pages.push(Number(match[1]));
    }
    return pages.sort((a, b) => a - b);
  }

  async deletePages(uploadId: string): Promise<number> {
    const pages = await this.listPages(uploadId);
    const limit = pLimit(8);
    await Promise.all(pages.map((page) => limit(() => missingAsUndefined(this.container.client.deleteBlob(pageName(uploadId, page))))));
    return pages.length;
  }

  // The record goes last: a sweeper that dies half-way leaves it to be found and finished again.
  async remove(uploadId: string): Promise<number> {
    const pages = await this.deletePages(uploadId);
    await missingAsUndefined(this.container.client.deleteBlob(metaName(uploadId)));
    return pages;
  }

  /** Writes `value`; with `etag`, only over the version of that tag (412 when it changed, 404 when it went). */
  private async write(name: string, value: unknown, etag?: string): Promise<void> {
    await this.container.ready();
    const text = JSON.stringify(value);
    try {
      await this.container.client.getBlockBlobClient(name).upload(text, Buffer.byteLength(text), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        ...(etag !== undefined ? { conditions: { ifMatch: etag } } : {}),
      });
    } catch (error) {
      // Removed since it was read: lost as any race, and the next read finds nothing.
      if (etag !== undefined && statusCodeOf(error) === 404) throw Object.assign(new Error(`${name} was removed`), { statusCode: 412 });
      throw error;
    }
  }

  private async readTagged<T>(name: string): Promise<{ value: T; etag: string } | undefined> {
    await this.container.ready();
    const response = await missingAsUndefined(this.container.client.getBlockBlobClient(name).download());
    if (!response?.readableStreamBody) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return { value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T, etag: response.etag ?? '' };
  }
}

const metaName = (uploadId: string) => `uploads/${uploadId}/upload.json`;
const pageName = (uploadId: string, page: number) => `uploads/${uploadId}/${String(page).padStart(5, '0')}.json`;
