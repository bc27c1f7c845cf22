import { QueueServiceClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import { poisonQueueName, type StorageNames } from '../config/app-config.js';
import type { Lane } from '../model/job-model.js';
import type { WorkMessage } from '../ports/work-message.js';
import type { WorkQueue } from '../ports/work-queue.js';
import { visibilityPlan } from '../model/visibility-plan.js';
import { sleep } from '../shared/sleep.js';
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
    // Planned at each send, not at the start: ten thousand sends take seconds. A message held
    // for its visibility window waits outside the limit, so it holds up no other send.
    const sendInWindow = async (m: WorkMessage): Promise<void> => {
      for (;;) {
        const { holdMs } = visibilityPlan(m.notBefore, Date.now());
        if (holdMs > 0) await sleep(holdMs);
        const sent = await limit(async () => {
          const plan = visibilityPlan(m.notBefore, Date.now());
          if (plan.holdMs > 0) return false;
          await this.send(lane, m, plan.delaySeconds * 1000);
          return true;
        });
        if (sent) return;
      }
    };
    await Promise.all(messages.map(sendInWindow));
  }

  async sendToPoison(lane: Lane, payload: unknown, reason: string): Promise<void> {
    await this.poison[lane].sendJson({ poison: { reason, at: new Date().toISOString() }, payload });
  }

  async ping(): Promise<void> {
    await this.queues.interactive.ready();
    await this.queues.interactive.client.getProperties();
  }
}
