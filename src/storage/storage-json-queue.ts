import { openQueue, type StorageQueue } from './storage-kit.js';

/**
 * One Azure Storage queue that carries JSON messages, created on first use. For queues other
 * than the lanes, whose messages need no delay.
 */
export class StorageJsonQueue<T> {
  private readonly queue: StorageQueue;

  constructor(connection: string, queueName: string) {
    this.queue = openQueue(connection, queueName);
  }

  async send(message: T): Promise<void> {
    await this.queue.sendJson(message);
  }
}
