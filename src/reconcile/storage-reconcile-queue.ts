import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { ReconcileQueue } from './reconcile-queue.js';

/** ReconcileQueue on an Azure Storage queue; messages are base64 JSON, as the Functions host expects. */
export class StorageReconcileQueue implements ReconcileQueue {
  private readonly queue: QueueClient;
  private ready: Promise<unknown> | undefined;

  constructor(connection: string, queueName: string) {
    this.queue = QueueServiceClient.fromConnectionString(connection).getQueueClient(queueName);
  }

  async send(reconciliationId: string): Promise<void> {
    this.ready ??= this.queue.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const text = JSON.stringify({ v: 1, reconciliationId });
    await this.queue.sendMessage(Buffer.from(text, 'utf8').toString('base64'), { messageTimeToLive: -1 });
  }
}
