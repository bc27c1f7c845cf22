import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { RegisteredFunction } from './app-registrations.js';
import { decodeQueueMessage } from './decode-queue-message.js';
import type { InvocationInput, InvocationOutcome } from './function-invoker.js';
import type { HostLog } from './host-log.js';
import { RandomizedExponentialBackoff } from './randomized-exponential-backoff.js';
import { minPollingIntervalMs, type QueueHostConfig } from './read-host-config.js';
import { toQueueTriggerInput } from './to-queue-trigger-input.js';

export interface QueueTriggerListenerOptions {
  readonly fn: RegisteredFunction;
  readonly triggerName: string;
  readonly queue: QueueClient;
  readonly poisonQueue: QueueClient;
  readonly config: QueueHostConfig;
  /** How long a received message stays invisible while its invocation runs; renewed at half-time. */
  readonly leaseSeconds: number;
  readonly invoke: (input: InvocationInput) => Promise<InvocationOutcome>;
  readonly log: HostLog;
}

/**
 * Polls one queue for one function the way the Storage extension's queue listener does:
 * receive up to `batchSize` messages under a lease, start all of them, fetch again as soon as the
 * in-flight count drops to `newBatchThreshold`, back off (randomized, exponential) while the queue
 * is empty, then per message: delete on success; on failure move to `<queue>-poison` once
 * `dequeueCount` reached `maxDequeueCount`, otherwise make it visible again after
 * `visibilityTimeout`.
 */
export class QueueTriggerListener {
  readonly #processing = new Set<Promise<void>>();
  readonly #backoff: RandomizedExponentialBackoff;
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #foundSinceLastDelay = false;
  #queueReady = false;
  #poisonQueueReady = false;

  constructor(private readonly options: QueueTriggerListenerOptions) {
    this.#backoff = new RandomizedExponentialBackoff(minPollingIntervalMs, options.config.maxPollingIntervalMs);
  }

  get queueName(): string {
    return this.options.queue.name;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Polls right away, e.g. after this host wrote a message to the queue. */
  notify(): void {
    this.#wake?.();
  }

  /** Stops polling and waits (up to `timeoutMs`) for messages already received to complete. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#processing]),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  async #run(): Promise<void> {
    const { queue, config, leaseSeconds, log } = this.options;
    while (!this.#stopping) {
      let messages: DequeuedMessageItem[];
      try {
        if (!this.#queueReady) {
          // The real listener only checks existence; creating the queue saves a manual step locally.
          await queue.createIfNotExists();
          this.#queueReady = true;
        }
        const response = await queue.receiveMessages({ numberOfMessages: config.batchSize, visibilityTimeout: leaseSeconds });
        messages = response.receivedMessageItems;
      } catch (error) {
        // Any storage error makes the listener re-check the queue and back off, like the extension.
        this.#queueReady = false;
        log('warning', `Polling queue '${queue.name}' failed: ${describe(error)}`);
        await this.#sleep(this.#nextDelay());
        continue;
      }

      if (messages.length === 0) {
        await this.#sleep(this.#nextDelay());
        continue;
      }

      this.#foundSinceLastDelay = true;
      for (const message of messages) {
        const task = this.#process(message);
        this.#processing.add(task);
        void task.finally(() => this.#processing.delete(task));
      }
      await this.#waitForNewBatchThreshold();
    }
  }

  #nextDelay(): number {
    const delay = this.#backoff.next(this.#foundSinceLastDelay);
    this.#foundSinceLastDelay = false;
    return delay;
  }

  async #waitForNewBatchThreshold(): Promise<void> {
    while (this.#processing.size > this.options.config.newBatchThreshold && !this.#stopping) {
      await Promise.race([...this.#processing, new Promise<void>((resolve) => (this.#wake = resolve))]);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #process(message: DequeuedMessageItem): Promise<void> {
    const { fn, triggerName, queue, config, leaseSeconds, log } = this.options;
    const name = fn.metadata.name;
    let popReceipt = message.popReceipt;
    // Storage operations on one message are chained so a renewal never races the completion and
    // every call uses the newest pop receipt.
    let operations: Promise<void> = Promise.resolve();
    const renew = async () => {
      try {
        const response = await queue.updateMessage(message.messageId, popReceipt, undefined, leaseSeconds);
        if (response.popReceipt) popReceipt = response.popReceipt;
      } catch (error) {
        log('warning', `Renewing the lease of message ${message.messageId} on '${queue.name}' failed: ${describe(error)}`);
      }
    };
    const renewTimer = setInterval(() => {
      operations = operations.then(renew);
    }, (leaseSeconds * 1000) / 2);

    try {
      const decoded = decodeQueueMessage(message.messageText, config.messageEncoding);
      let succeeded = false;
      if (decoded.ok) {
        const input = toQueueTriggerInput(triggerName, name, decoded.text, message);
        succeeded = (await this.options.invoke(input)).ok;
      } else {
        log('error', `Executed 'Functions.${name}' (Failed, message ${message.messageId}) ${decoded.reason}`);
      }
      clearInterval(renewTimer);
      await operations;

      if (succeeded) {
        await queue.deleteMessage(message.messageId, popReceipt);
      } else if (!decoded.ok || message.dequeueCount >= config.maxDequeueCount) {
        // Undecodable messages go straight to poison: the extension's decoding-failure handler
        // does that on first receipt instead of retrying something that can never succeed.
        const why = decoded.ok ? `has reached MaxDequeueCount of ${config.maxDequeueCount}` : 'could not be decoded';
        log('warning', `Message ${message.messageId} ${why}. Moving message to queue '${this.options.poisonQueue.name}'.`);
        await this.#moveToPoison(message, popReceipt);
      } else {
        await queue.updateMessage(message.messageId, popReceipt, undefined, Math.floor(config.visibilityTimeoutMs / 1000));
      }
    } catch (error) {
      log('warning', `Completing message ${message.messageId} on '${queue.name}' failed: ${describe(error)}`);
    } finally {
      clearInterval(renewTimer);
    }
  }

  async #moveToPoison(message: DequeuedMessageItem, popReceipt: string): Promise<void> {
    const poison = this.options.poisonQueue;
    if (!this.#poisonQueueReady) {
      await poison.createIfNotExists();
      this.#poisonQueueReady = true;
    }
    // The original text is copied unchanged, so the poison message keeps the queue's encoding.
    await poison.sendMessage(message.messageText);
    await this.options.queue.deleteMessage(message.messageId, popReceipt);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
