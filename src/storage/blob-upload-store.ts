import pLimit from 'p-limit';
import type { JobUpload, PagePut, UploadStore } from '../ports/upload-store.js';
import { statusCodeOf } from '../shared/status-code-of.js';
import { missingAsUndefined, openContainer, type StorageContainer } from './storage-kit.js';

/**
 * Uploads as JSON blobs in the intake container: `uploads/<uploadId>/upload.json` and one
 * `uploads/<uploadId>/<page>.json` per page, written create-if-absent so that a page, once
 * stored, never changes.
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
    return this.read<JobUpload>(metaName(uploadId));
  }

  async setJob(uploadId: string, jobId: string): Promise<void> {
    const upload = await this.get(uploadId);
    if (upload) await this.write(metaName(uploadId), { ...upload, jobId });
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
      const stored = await this.read<{ hash: string }>(pageName(uploadId, page));
      return stored?.hash === hash ? 'same' : 'different';
    }
  }

  async getPage(uploadId: string, page: number): Promise<readonly unknown[] | undefined> {
    return (await this.read<{ items: unknown[] }>(pageName(uploadId, page)))?.items;
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

  async deletePages(uploadId: string): Promise<void> {
    const pages = await this.listPages(uploadId);
    const limit = pLimit(8);
    await Promise.all(pages.map((page) => limit(() => missingAsUndefined(this.container.client.deleteBlob(pageName(uploadId, page))))));
  }

  private async write(name: string, value: unknown): Promise<void> {
    await this.container.ready();
    const text = JSON.stringify(value);
    await this.container.client.getBlockBlobClient(name).upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }

  private async read<T>(name: string): Promise<T | undefined> {
    await this.container.ready();
    const buffer = await missingAsUndefined(this.container.client.getBlockBlobClient(name).downloadToBuffer());
    return buffer && (JSON.parse(buffer.toString('utf8')) as T);
  }
}

const metaName = (uploadId: string) => `uploads/${uploadId}/upload.json`;
const pageName = (uploadId: string, page: number) => `uploads/${uploadId}/${String(page).padStart(5, '0')}.json`;
