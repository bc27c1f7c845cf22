import { QueueServiceClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import { poisonQueueName, type StorageNames } from '../config/app-config.js';
import type { Lane } from '../model/job-model.js';
import type { WorkMessage } from '../ports/work-message.js';
import type { WorkQueue } from '../ports/work-queue.js';
import { openQueue, type StorageQueue } from './storage-kit.js';

/** Storage queues refuse a visibility delay beyond seven days. */
const MAX_DELAY_SECONDS = 7 * 24 * 3600;

/** WorkQueue on Azure Storage queues, one queue per lane. */
export class StorageWorkQueue implements WorkQueue {
  private readonly queues: Record<Lane, StorageQueue>;
  private readonly poison: Record<Lane, StorageQueue>;

  constructor(connection: string, names: StorageNames, private readonly sendConcurrency = 64) {
    const service = QueueServiceClient.fromConnectionString(connection);
    this.queues = {
      interactive: openQueue(connection, names.interactiveQueue, service),
      bulk: openQueue(connection, names.bulkQueue, service),
    };
    this.poison = {
      interactive: openQueue(connection, poisonQueueName(names.interactiveQueue), service),
      bulk: openQueue(connection, poisonQueueName(names.bulkQueue), service),
    };
  }

  async send(lane: Lane, message: WorkMessage, delayMs = 0): Promise<void> {
    // Visibility is set in whole seconds; round up so a wait is never shorter than asked.
    await this.queues[lane].sendJson(message, Math.min(MAX_DELAY_SECONDS, Math.ceil(Math.max(0, delayMs) / 1000)));
  }

  async sendMany(lane: Lane, messages: readonly WorkMessage[]): Promise<void> {
    const limit = pLimit(this.sendConcurrency);
    // Whole seconds, rounded down: visible a little early, the worker waits out the rest. Counted
    // from each send, not from the start: ten thousand sends take seconds.
    const delay = (m: WorkMessage) => (m.notBefore === undefined ? 0 : Math.floor(Math.max(0, m.notBefore - Date.now()) / 1000) * 1000);
    await Promise.all(messages.map((m) => limit(() => this.send(lane, m, delay(m)))));
  }

  async sendToPoison(lane: Lane, payload: unknown, reason: string): Promise<void> {
    await this.poison[lane].sendJson({ poison: { reason, at: new Date().toISOString() }, payload });
  }

  async ping(): Promise<void> {
    await this.queues.interactive.ready();
    await this.queues.interactive.client.getProperties();
  }
}
