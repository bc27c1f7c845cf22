import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';

/**
 * One Azure Storage queue that carries JSON messages, base64-encoded as the Functions host
 * expects, created on first use. For queues other than the lanes, whose messages need no delay.
 */
export class StorageJsonQueue<T> {
  private readonly queue: QueueClient;
  private ready: Promise<unknown> | undefined;

  constructor(connection: string, queueName: string) {
    this.queue = QueueServiceClient.fromConnectionString(connection).getQueueClient(queueName);
  }

  async send(message: T): Promise<void> {
    this.ready ??= this.queue.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    await this.queue.sendMessage(Buffer.from(JSON.stringify(message), 'utf8').toString('base64'), { messageTimeToLive: -1 });
  }
}
