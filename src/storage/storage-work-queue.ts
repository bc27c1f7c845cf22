import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import { poisonQueueName, type StorageNames } from '../config/app-config.js';
import type { Lane } from '../model/job-model.js';
import { encodeWorkMessage, type WorkMessage } from '../ports/work-message.js';
import type { WorkQueue } from '../ports/work-queue.js';

/** Storage queues refuse a visibility delay beyond seven days. */
const MAX_DELAY_SECONDS = 7 * 24 * 3600;

/** WorkQueue on Azure Storage queues, one queue per lane. */
export class StorageWorkQueue implements WorkQueue {
  private readonly queues: Record<Lane, QueueClient>;
  private readonly poison: Record<Lane, QueueClient>;
  private readonly ready = new Map<QueueClient, Promise<unknown>>();

  constructor(connection: string, names: StorageNames, private readonly sendConcurrency = 64) {
    const service = QueueServiceClient.fromConnectionString(connection);
    this.queues = {
      interactive: service.getQueueClient(names.interactiveQueue),
      bulk: service.getQueueClient(names.bulkQueue),
    };
    this.poison = {
      interactive: service.getQueueClient(poisonQueueName(names.interactiveQueue)),
      bulk: service.getQueueClient(poisonQueueName(names.bulkQueue)),
    };
  }

  private async ensure(queue: QueueClient): Promise<void> {
    let ready = this.ready.get(queue);
    if (!ready) {
      ready = queue.createIfNotExists().catch((error: unknown) => {
        this.ready.delete(queue);
        throw error;
      });
      this.ready.set(queue, ready);
    }
    await ready;
  }

  async send(lane: Lane, message: WorkMessage, delayMs = 0): Promise<void> {
    const queue = this.queues[lane];
    await this.ensure(queue);
    // Visibility is set in whole seconds; round up so a wait is never shorter than asked.
    const visibilityTimeout = Math.min(MAX_DELAY_SECONDS, Math.ceil(Math.max(0, delayMs) / 1000));
    await queue.sendMessage(encodeWorkMessage(message), { visibilityTimeout, messageTimeToLive: -1 });
  }

  async sendMany(lane: Lane, messages: readonly WorkMessage[]): Promise<void> {
    const limit = pLimit(this.sendConcurrency);
    // Whole seconds, rounded down: visible a little early, the worker waits out the rest. Counted
    // from each send, not from the start: ten thousand sends take seconds.
    const delay = (m: WorkMessage) => (m.notBefore === undefined ? 0 : Math.floor(Math.max(0, m.notBefore - Date.now()) / 1000) * 1000);
    await Promise.all(messages.map((m) => limit(() => this.send(lane, m, delay(m)))));
  }

  async sendToPoison(lane: Lane, payload: unknown, reason: string): Promise<void> {
    const queue = this.poison[lane];
    await this.ensure(queue);
    const text = JSON.stringify({ poison: { reason, at: new Date().toISOString() }, payload });
    await queue.sendMessage(Buffer.from(text, 'utf8').toString('base64'), { messageTimeToLive: -1 });
  }

  async ping(): Promise<void> {
    await this.ensure(this.queues.interactive);
    await this.queues.interactive.getProperties();
  }
}
