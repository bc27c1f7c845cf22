import type { ScanCheckpoints } from '../ports/scan-checkpoints.js';
import { missingAsUndefined, openContainer, type StorageContainer } from './storage-kit.js';

/** Scan checkpoints as JSON blobs, `scans/<key>.json`, in the intake container. */
export class BlobScanCheckpoints implements ScanCheckpoints {
  private readonly container: StorageContainer;

  constructor(connection: string, containerName: string) {
    this.container = openContainer(connection, containerName);
  }

  async load<T>(key: string): Promise<T | undefined> {
    await this.container.ready();
    const buffer = await missingAsUndefined(this.container.client.getBlockBlobClient(blobName(key)).downloadToBuffer());
    return buffer && (JSON.parse(buffer.toString('utf8')) as T);
  }

  async save(key: string, checkpoint: unknown): Promise<void> {
    await this.container.ready();
    const text = JSON.stringify(checkpoint);
    await this.container.client.getBlockBlobClient(blobName(key)).upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }

  async delete(key: string): Promise<void> {
    await this.container.ready();
    await missingAsUndefined(this.container.client.deleteBlob(blobName(key)));
  }
}

const blobName = (key: string) => `scans/${key}.json`;
