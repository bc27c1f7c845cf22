import type { QueueClient } from '@azure/storage-queue';
import type { RegisteredFunction } from './app-registrations.js';
import type { RpcInvocationResponse, RpcTypedData } from './core-api-types.js';
import type { QueueHostConfig } from './read-host-config.js';
import { resolveBindingExpression, type AppSettings } from './resolve-app-setting.js';

/**
 * Sends what a function bound to `output.storageQueue(...)` (binding type `queue`) after a
 * successful invocation, as the host does: a string or object becomes one message (objects as
 * JSON), an array becomes one message per element, bytes are sent as bytes; each is encoded per
 * `messageEncoding`. Binding expressions other than `%SETTING%` are not supported.
 */
export class QueueOutputWriter {
  readonly #createdQueues = new Set<string>();

  constructor(
    private readonly settings: AppSettings,
    private readonly config: QueueHostConfig,
    private readonly clientFor: (connection: unknown, queueName: string) => QueueClient,
    private readonly onMessageSent: (queueName: string) => void,
  ) {}

  /** Whether the function declares any queue output at all (so hosts can skip the work). */
  static hasQueueOutputs(fn: RegisteredFunction): boolean {
    return Object.values(fn.metadata.bindings).some((b) => b.direction === 'out' && b.type?.toLowerCase() === 'queue');
  }

  async write(fn: RegisteredFunction, response: RpcInvocationResponse): Promise<void> {
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (binding.direction !== 'out' || binding.type?.toLowerCase() !== 'queue') continue;
      const data = name === '$return' ? response.returnValue : response.outputData?.find((o) => o.name === name)?.data;
      const payloads = toPayloads(data);
      if (payloads.length === 0) continue;
      const queueName = resolveBindingExpression(String(binding['queueName'] ?? ''), this.settings).toLowerCase();
      const client = this.clientFor(binding['connection'], queueName);
      if (!this.#createdQueues.has(queueName)) {
        await client.createIfNotExists();
        this.#createdQueues.add(queueName);
      }
      for (const payload of payloads) {
        await client.sendMessage(this.config.messageEncoding === 'base64' ? payload.toString('base64') : payload.toString('utf8'));
      }
      this.onMessageSent(queueName);
    }
  }
}

function toPayloads(data: RpcTypedData | null | undefined): Buffer[] {
  if (!data) return [];
  const text = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  if (typeof data.string === 'string') return [text(data.string)];
  if (typeof data.json === 'string') {
    const value: unknown = JSON.parse(data.json);
    return Array.isArray(value) ? value.map(text) : [Buffer.from(data.json, 'utf8')];
  }
  if (data.bytes) return [Buffer.from(data.bytes)];
  if (typeof data.int === 'number' || typeof data.double === 'number') return [text(String(data.int ?? data.double))];
  if (data.collectionString?.string) return data.collectionString.string.map(text);
  if (data.collectionBytes?.bytes) return data.collectionBytes.bytes.map((b) => Buffer.from(b));
  const numbers = data.collectionDouble?.double ?? data.collectionSint64?.sint64;
  return numbers ? numbers.map((n) => text(String(n))) : [];
}
