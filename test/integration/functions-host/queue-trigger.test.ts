import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFunctionsHost, type FunctionsHost } from '../../../tools/local-host/functions-host/functions-host.js';
import type { HostLogLevel } from '../../../tools/local-host/functions-host/host-log.js';

const scriptRoot = fileURLToPath(new URL('../../fixtures/functions-host-queue-app/', import.meta.url));

interface QueueFixtureRecorder {
  work: Array<{ message: unknown; triggerMetadata: Record<string, unknown> }>;
  failures: number[];
  slow: unknown[];
}

function recorder(): QueueFixtureRecorder {
  return (globalThis as unknown as { __functionsHostQueueFixture: QueueFixtureRecorder }).__functionsHostQueueFixture;
}

async function eventually<T>(read: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('local Functions host: queue triggers', () => {
  // Each run gets its own queue names, so a shared Azurite is safe to use.
  const prefix = `fh${randomBytes(4).toString('hex')}`;
  let connectionString: string;
  let host: FunctionsHost;
  const logs: Array<[HostLogLevel, string]> = [];
  const queue = (suffix: string) => new QueueClient(connectionString, `${prefix}-${suffix}`);

  /** All message texts in a queue, consuming them. */
  async function drain(client: QueueClient): Promise<string[]> {
    const texts: string[] = [];
    for (;;) {
      const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: 32 });
      if (receivedMessageItems.length === 0) return texts;
      for (const m of receivedMessageItems) {
        texts.push(m.messageText);
        await client.deleteMessage(m.messageId, m.popReceipt);
      }
    }
  }

  async function isEmpty(client: QueueClient): Promise<true | undefined> {
    // The approximate count includes invisible (leased) messages, so 0 means deleted.
    const { approximateMessagesCount } = await client.getProperties();
    return approximateMessagesCount === 0 ? true : undefined;
  }

  beforeAll(async () => {
    connectionString = inject('storageConnection');
    host = createFunctionsHost({
      scriptRoot,
      http: false,
      env: { AzureWebJobsStorage: connectionString, QUEUE_PREFIX: prefix },
      // Short lease so the renewal test needs a few seconds, not ten minutes.
      queueMessageLeaseSeconds: 2,
      log: (level, message) => logs.push([level, message]),
    });
    expect(await host.start()).toEqual({ url: undefined });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('delivers a base64 JSON message as an object with trigger metadata, then deletes it', async () => {
    const work = queue('work');
    await work.createIfNotExists();
    const sent = await work.sendMessage(base64(JSON.stringify({ jobId: 'j1', index: 3 })));

    const run = await eventually(() => recorder().work[0]);
    expect(run.message).toEqual({ jobId: 'j1', index: 3 });
    expect(run.triggerMetadata).toMatchObject({
      id: sent.messageId,
      dequeueCount: 1,
      queueTrigger: { jobId: 'j1', index: 3 },
      insertionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/),
      expirationTime: expect.any(String),
      nextVisibleTime: expect.any(String),
      popReceipt: expect.any(String),
    });
    await eventually(() => isEmpty(work));
  });

  it('redelivers a failing message with a growing dequeueCount and moves it to <queue>-poison after maxDequeueCount', async () => {
    const fails = queue('fails');
    await fails.createIfNotExists();
    const text = base64('will fail');
    await fails.sendMessage(text);

    await eventually(() => (recorder().failures.length >= 3 ? true : undefined));
    const poison = await eventually(async () => {
      const texts = await drain(queue('fails-poison')).catch(() => []);
      return texts.length > 0 ? texts : undefined;
    });
    expect(recorder().failures).toEqual([1, 2, 3]);
    expect(poison).toEqual([text]);
    await eventually(() => isEmpty(fails));
  });

  it('moves a message that is not valid base64 to the poison queue without invoking the function', async () => {
    const work = queue('work');
    const before = recorder().work.length;
    await work.sendMessage('this is not base64!');

    const poison = await eventually(async () => {
      const texts = await drain(queue('work-poison')).catch(() => []);
      return texts.length > 0 ? texts : undefined;
    });
    expect(poison).toEqual(['this is not base64!']);
    expect(recorder().work.length).toBe(before);
    await eventually(() => isEmpty(work));
  });

  it('renews the lease of a long invocation so the message is delivered only once', async () => {
    const slow = queue('slow');
    await slow.createIfNotExists();
    await slow.sendMessage(base64('slow one'));

    await eventually(() => recorder().slow[0]);
    // The handler takes 3.5 s against a 2 s lease: without renewal it would be received again.
    await eventually(() => isEmpty(slow), 10_000);
    expect(recorder().slow).toEqual(['slow one']);
    expect(logs.filter(([, line]) => line.startsWith('Renewing the lease'))).toEqual([]);
  });

  it('sends a returned array to the queue output binding as one base64 message per element', async () => {
    const input = queue('forward-in');
    await input.createIfNotExists();
    await input.sendMessage(base64('hello'));

    const forwarded = await eventually(async () => {
      const texts = await drain(queue('forward-out')).catch(() => []);
      return texts.length >= 2 ? texts : undefined;
    });
    expect(forwarded.map((t) => Buffer.from(t, 'base64').toString('utf8'))).toEqual([
      JSON.stringify({ forwarded: 'hello' }),
      'second message',
    ]);
  });
});
