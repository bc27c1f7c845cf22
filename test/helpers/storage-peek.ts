import { QueueClient } from '@azure/storage-queue';
import { BlobServiceClient } from '@azure/storage-blob';
import { inject } from 'vitest';
import { storageNames } from '../../src/config/storage-names.js';
import { poisonQueueName } from '../../src/config/app-config.js';
import type { Lane } from '../../src/model/job-model.js';
import { TableJobStore } from '../../src/storage/table-job-store.js';

/** Direct access to a stack's queues and tables, for what the HTTP API does not show. */
export function storageOf(prefix: string) {
  const connection = inject('storageConnection');
  const names = storageNames(prefix);
  const queue = (lane: Lane) => new QueueClient(connection, lane === 'interactive' ? names.interactiveQueue : names.bulkQueue);
  return {
    store: new TableJobStore(connection, names.jobsTable),
    queue,
    poison: (lane: Lane) => new QueueClient(connection, poisonQueueName(lane === 'interactive' ? names.interactiveQueue : names.bulkQueue)),
    /** Messages in a queue, visible or not; 0 once every message was deleted. */
    async count(client: QueueClient): Promise<number> {
      try {
        return (await client.getProperties()).approximateMessagesCount ?? 0;
      } catch {
        return 0;
      }
    },
    /** Staged intake pages still kept for a job. */
    async stagedBlobs(jobId: string): Promise<number> {
      const container = BlobServiceClient.fromConnectionString(connection).getContainerClient(names.intakeContainer);
      let count = 0;
      for await (const _ of container.listBlobsFlat({ prefix: `${jobId}/` })) count++;
      return count;
    },
    /** Blobs kept for an upload: its record and its pages. */
    async uploadBlobs(uploadId: string): Promise<string[]> {
      const container = BlobServiceClient.fromConnectionString(connection).getContainerClient(names.intakeContainer);
      const found: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix: `uploads/${uploadId}/` })) found.push(blob.name.slice(`uploads/${uploadId}/`.length));
      return found.sort();
    },
    /** Sends text as the host expects it: base64. */
    async sendRaw(lane: Lane, text: string): Promise<void> {
      const client = queue(lane);
      await client.createIfNotExists();
      await client.sendMessage(Buffer.from(text, 'utf8').toString('base64'));
    },
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
