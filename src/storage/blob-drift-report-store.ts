import { missingAsUndefined, openContainer, type StorageContainer } from './storage-kit.js';
import type { DriftEntry } from '../model/drift-entry.js';
import type { DriftReportStore } from '../ports/reconciliation-ports.js';

/** Drift reports as JSON blobs, one per run (`<reconciliationId>.json`), in their own container. */
export class BlobDriftReportStore implements DriftReportStore {
  private readonly container: StorageContainer;

  constructor(connection: string, containerName: string) {
    this.container = openContainer(connection, containerName);
  }

  async save(reconciliationId: string, entries: readonly DriftEntry[]): Promise<void> {
    await this.container.ready();
    const text = JSON.stringify({ reconciliationId, entries });
    await this.container.client.getBlockBlobClient(`${reconciliationId}.json`).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  }

  async load(reconciliationId: string): Promise<readonly DriftEntry[] | undefined> {
    const buffer = await missingAsUndefined(this.container.client.getBlockBlobClient(`${reconciliationId}.json`).downloadToBuffer());
    return buffer && (JSON.parse(buffer.toString('utf8')) as { entries: DriftEntry[] }).entries;
  }
}
