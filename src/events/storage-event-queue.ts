import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import type { EventQueue } from './event-queue.js';
import type { GroupReplacementMessage } from './group-replacement-message.js';

/** EventQueue on an Azure Storage queue; messages are base64 JSON, as the Functions host expects. */
export class StorageEventQueue implements EventQueue {
  private readonly queue: QueueClient;
  private ready: Promise<unknown> | undefined;

  constructor(connection: string, queueName: string) {
    this.queue = QueueServiceClient.fromConnectionString(connection).getQueueClient(queueName);
  }

  async send(message: GroupReplacementMessage): Promise<void> {
    this.ready ??= this.queue.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    await this.queue.sendMessage(Buffer.from(JSON.stringify(message), 'utf8').toString('base64'), { messageTimeToLive: -1 });
  }
}
