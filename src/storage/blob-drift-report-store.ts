import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { statusCodeOf } from '../shared/status-code-of.js';
import type { DriftEntry } from '../model/drift-entry.js';
import type { DriftReportStore } from '../ports/drift-report-store.js';

/** Drift reports as JSON blobs, one per run (`<reconciliationId>.json`), in their own container. */
export class BlobDriftReportStore implements DriftReportStore {
  private readonly container: ContainerClient;
  private ready: Promise<unknown> | undefined;

  constructor(connection: string, containerName: string) {
    this.container = BlobServiceClient.fromConnectionString(connection).getContainerClient(containerName);
  }

  async save(reconciliationId: string, entries: readonly DriftEntry[]): Promise<void> {
    this.ready ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const text = JSON.stringify({ reconciliationId, entries });
    await this.container.getBlockBlobClient(`${reconciliationId}.json`).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  }

  async load(reconciliationId: string): Promise<readonly DriftEntry[] | undefined> {
    try {
      const buffer = await this.container.getBlockBlobClient(`${reconciliationId}.json`).downloadToBuffer();
      return (JSON.parse(buffer.toString('utf8')) as { entries: DriftEntry[] }).entries;
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }
}
