import type { ContainerClient } from '@azure/storage-blob';
import { statusCodeOf } from '../shared/status-code-of.js';
import { MAX_DESIRED_STATE_DOCUMENT_BYTES, oversizedDocument, type DesiredStateDocument, type DesiredStateSource } from '../ports/reconciliation-ports.js';
import { openContainer } from './storage-kit.js';

/**
 * Desired state as `.json` blobs in one container (any folder depth; other blobs are ignored,
 * so a README can sit beside them). A missing container reads as no documents.
 */
export class BlobDesiredStateSource implements DesiredStateSource {
  private readonly container: ContainerClient;

  constructor(connection: string, containerName: string) {
    this.container = openContainer(connection, containerName).client;
  }

  async readAll(): Promise<DesiredStateDocument[]> {
    const documents: DesiredStateDocument[] = [];
    try {
      for await (const blob of this.container.listBlobsFlat()) {
        if (!blob.name.toLowerCase().endsWith('.json')) continue;
        const size = blob.properties.contentLength ?? 0;
        if (size > MAX_DESIRED_STATE_DOCUMENT_BYTES) {
          documents.push(oversizedDocument(blob.name, size));
          continue;
        }
        const buffer = await this.container.getBlobClient(blob.name).downloadToBuffer();
        documents.push({ name: blob.name, text: buffer.toString('utf8').replace(/^\uFEFF/, '') });
      }
    } catch (error) {
      if (statusCodeOf(error) === 404) return [];
      throw error;
    }
    return documents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
