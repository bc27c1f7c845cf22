import pLimit from 'p-limit';
import type { Item } from '../model/job-model.js';
import type { IntakeStaging } from '../ports/intake-staging.js';
import { missingAsUndefined, openContainer, type StorageContainer } from './storage-kit.js';

/** Staged pages as JSON blobs, `<jobId>/<stagingId>/<page>.json`, in their own container. */
export class BlobIntakeStaging implements IntakeStaging {
  private readonly container: StorageContainer;

  constructor(connection: string, containerName: string) {
    this.container = openContainer(connection, containerName);
  }

  async putPages(jobId: string, stagingId: string, pages: ReadonlyArray<readonly Item[]>): Promise<void> {
    await this.container.ready();
    const limit = pLimit(8);
    await Promise.all(
      pages.map((page, n) =>
        limit(async () => {
          const text = JSON.stringify(page);
          await this.container.client.getBlockBlobClient(blobName(jobId, stagingId, n)).upload(text, Buffer.byteLength(text), {
            blobHTTPHeaders: { blobContentType: 'application/json' },
          });
        }),
      ),
    );
  }

  async getPage(jobId: string, stagingId: string, page: number): Promise<readonly Item[] | undefined> {
    const buffer = await missingAsUndefined(this.container.client.getBlockBlobClient(blobName(jobId, stagingId, page)).downloadToBuffer());
    return buffer && (JSON.parse(buffer.toString('utf8')) as Item[]);
  }

  async deleteAll(jobId: string): Promise<void> {
    await this.container.ready();
    const names: string[] = [];
    for await (const blob of this.container.client.listBlobsFlat({ prefix: `${jobId}/` })) names.push(blob.name);
    const limit = pLimit(8);
    await Promise.all(names.map((name) => limit(() => missingAsUndefined(this.container.client.deleteBlob(name, { deleteSnapshots: 'include' })))));
  }
}

function blobName(jobId: string, stagingId: string, page: number): string {
  return `${jobId}/${stagingId}/${String(page).padStart(5, '0')}.json`;
}
