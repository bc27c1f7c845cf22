import { openQueue, type StorageQueue } from './storage-kit.js';

const MAX_DELAY_SECONDS = 7 * 24 * 3600;

/** One Azure Storage queue that carries JSON messages, created on first use. For queues other than the lanes. */
export class StorageJsonQueue<T> {
  private readonly queue: StorageQueue;

  constructor(connection: string, queueName: string) {
    this.queue = openQueue(connection, queueName);
  }

  /** Sends `message`, invisible for `delayMs` (whole seconds, rounded up; storage allows at most seven days). */
  async send(message: T, delayMs = 0): Promise<void> {
    await this.queue.sendJson(message, Math.min(MAX_DELAY_SECONDS, Math.ceil(Math.max(0, delayMs) / 1000)));
  }
}
