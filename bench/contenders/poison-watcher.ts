import type { QueueClient } from '@azure/storage-queue';
import { parseBaselineMessage } from '../baseline-b/baseline-message.js';
import { assignmentIdOf } from '../write-watcher.js';

/**
 * Empties baseline-b's poison queue as messages arrive and notes when each assignment's message
 * was given up, since a poisoned item is finished (lost) and its time ends the bulk run as much
 * as an applied one does.
 */
export class PoisonWatcher {
  readonly #queue: QueueClient;
  readonly #poisonedAt = new Map<string, number>();

  constructor(queue: QueueClient) {
    this.#queue = queue;
  }

  /** Takes whatever the poison queue holds now. Before the first poisoning the queue does not exist, which is fine. */
  async poll(): Promise<void> {
    for (;;) {
      let received;
      try {
        received = await this.#queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 600 });
      } catch {
        return;
      }
      const messages = received.receivedMessageItems;
      if (messages.length === 0) return;
      const now = Date.now();
      for (const message of messages) {
        // The host copies the original text, so it is still base64.
        const parsed = parseBaselineMessage(Buffer.from(message.messageText, 'base64').toString('utf8'));
        if (parsed) {
          const id = assignmentIdOf(parsed.path);
          if (!this.#poisonedAt.has(id)) this.#poisonedAt.set(id, now);
        }
        await this.#queue.deleteMessage(message.messageId, message.popReceipt).catch(() => undefined);
      }
    }
  }

  /** How many of `assignmentIds` were poisoned, and when the last of them was seen. */
  progress(assignmentIds: Iterable<string>): { poisoned: number; lastAt: number | undefined } {
    let poisoned = 0;
    let lastAt: number | undefined;
    for (const id of assignmentIds) {
      const at = this.#poisonedAt.get(id);
      if (at === undefined) continue;
      poisoned++;
      lastAt = lastAt === undefined ? at : Math.max(lastAt, at);
    }
    return { poisoned, lastAt };
  }
}
