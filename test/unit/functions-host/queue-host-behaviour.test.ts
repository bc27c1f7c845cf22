import { describe, expect, it } from 'vitest';
import { decodeQueueMessage } from '../../../tools/local-host/functions-host/decode-queue-message.js';
import { parseTimeSpan } from '../../../tools/local-host/functions-host/parse-time-span.js';
import { RandomizedExponentialBackoff } from '../../../tools/local-host/functions-host/randomized-exponential-backoff.js';
import { toHostConfig } from '../../../tools/local-host/functions-host/read-host-config.js';
import { toJsonDate } from '../../../tools/local-host/functions-host/to-queue-trigger-input.js';

describe('host.json queue settings', () => {
  it('applies the Storage extension defaults, newBatchThreshold being batchSize/2 times the cores', () => {
    expect(toHostConfig({}, 4)).toEqual({
      routePrefix: 'api',
      functionTimeoutMs: undefined,
      queues: {
        batchSize: 16,
        newBatchThreshold: 32,
        maxDequeueCount: 5,
        visibilityTimeoutMs: 0,
        maxPollingIntervalMs: 60_000,
        messageEncoding: 'base64',
      },
    });
  });

  it('reads TimeSpan strings and milliseconds and an empty route prefix', () => {
    const config = toHostConfig(
      {
        functionTimeout: '00:05:00',
        extensions: {
          http: { routePrefix: '' },
          queues: { batchSize: 32, visibilityTimeout: '00:00:30', maxPollingInterval: 2000, messageEncoding: 'None' },
        },
      },
      1,
    );
    expect(config.routePrefix).toBe('');
    expect(config.functionTimeoutMs).toBe(300_000);
    expect(config.queues).toMatchObject({ batchSize: 32, newBatchThreshold: 16, visibilityTimeoutMs: 30_000, maxPollingIntervalMs: 2000, messageEncoding: 'none' });
  });

  it('rejects values Azure rejects, naming the setting and the value', () => {
    expect(() => toHostConfig({ extensions: { queues: { batchSize: 33 } } }, 1)).toThrow('extensions.queues.batchSize must be an integer from 1 to 32, got 33');
    expect(() => toHostConfig({ extensions: { queues: { maxPollingInterval: '00:00:00.050' } } }, 1)).toThrow(/at least 100 ms/);
    expect(() => toHostConfig({ extensions: { queues: { messageEncoding: 'utf8' } } }, 1)).toThrow(/"utf8"/);
    expect(() => parseTimeSpan('5 minutes', 'x')).toThrow('x must be a TimeSpan string like "00:01:30", got "5 minutes"');
  });

  it('parses TimeSpans with days and fractions', () => {
    expect(parseTimeSpan('1.02:03:04.5', 's')).toBe(((26 * 60 + 3) * 60 + 4) * 1000 + 500);
    expect(parseTimeSpan('00:00:00.100', 's')).toBe(100);
  });
});

describe('queue message decoding', () => {
  it('accepts strict base64 only, like the .NET decoder', () => {
    expect(decodeQueueMessage(Buffer.from('{"a":1}').toString('base64'), 'base64')).toEqual({ ok: true, text: '{"a":1}' });
    expect(decodeQueueMessage('aGVsbG8=\n', 'base64')).toEqual({ ok: true, text: 'hello' });
    expect(decodeQueueMessage('hello world', 'base64').ok).toBe(false);
    expect(decodeQueueMessage('aGVsbG8', 'base64').ok).toBe(false);
    expect(decodeQueueMessage('hello world', 'none')).toEqual({ ok: true, text: 'hello world' });
  });

  it('formats dates the way Json.NET writes a DateTimeOffset', () => {
    expect(toJsonDate(new Date('2024-05-01T10:00:00.000Z'))).toBe('2024-05-01T10:00:00+00:00');
    expect(toJsonDate(new Date('2024-05-01T10:00:00.120Z'))).toBe('2024-05-01T10:00:00.12+00:00');
  });
});

describe('RandomizedExponentialBackoff', () => {
  it('grows from 100 ms towards the maximum while polls are empty and resets once work is found', () => {
    const backoff = new RandomizedExponentialBackoff(100, 1000, () => 0.5);
    expect([false, false, false, false, false, false].map((found) => backoff.next(found))).toEqual([100, 200, 300, 500, 900, 1000]);
    expect(backoff.next(false)).toBe(1000);
    expect(backoff.next(true)).toBe(100);
    expect(backoff.next(false)).toBe(200);
  });

  it('randomizes each step by at most 20 percent', () => {
    expect(new RandomizedExponentialBackoff(100, 60_000, () => 0).next(true)).toBe(100);
    const low = new RandomizedExponentialBackoff(100, 60_000, () => 0);
    low.next(false);
    expect(low.next(false)).toBeCloseTo(180);
    const high = new RandomizedExponentialBackoff(100, 60_000, () => 1);
    high.next(false);
    expect(high.next(false)).toBeCloseTo(220);
  });
});
