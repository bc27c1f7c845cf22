import { BlobServiceClient } from '@azure/storage-blob';
import type { DesiredStateDocument } from '../../src/reconcile/parse-desired-state.js';

/**
 * Uploads `documents` to the desired-state container unless it already holds a document, so a
 * local stack has a desired state to reconcile and a developer's own is never overwritten.
 * Returns how many were uploaded.
 */
export async function seedDesiredState(connection: string, containerName: string, documents: readonly DesiredStateDocument[]): Promise<number> {
  const container = BlobServiceClient.fromConnectionString(connection).getContainerClient(containerName);
  await container.createIfNotExists();
  for await (const blob of container.listBlobsFlat()) {
    if (blob.name.toLowerCase().endsWith('.json')) return 0;
  }
  for (const doc of documents) {
    await container.getBlockBlobClient(doc.name).upload(doc.text, Buffer.byteLength(doc.text), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }
  return documents.length;
}
