import { randomUUID } from 'node:crypto';
import type { RpcTypedData } from './core-api-types.js';
import type { InvocationInput } from './function-invoker.js';

/** The facts about a received message that the host exposes as trigger metadata. */
export interface QueueMessageFacts {
  readonly messageId: string;
  readonly dequeueCount: number;
  readonly insertedOn: Date | undefined;
  readonly expiresOn: Date | undefined;
  readonly nextVisibleOn: Date | undefined;
  readonly popReceipt: string;
}

/**
 * Builds the invocation input for a queue trigger as the host sends it: the decoded text as the
 * trigger value (JSON when it is a JSON object or array, else a string; `@azure/functions` parses
 * either into the same value) and the metadata `QueueTrigger`, `DequeueCount`, `Id`,
 * `InsertionTime`, `ExpirationTime`, `NextVisibleTime`, `PopReceipt` and `sys`. The library
 * camel-cases these keys (`context.triggerMetadata.dequeueCount`). Dates travel as JSON strings the
 * way Json.NET writes a DateTimeOffset (`2024-05-01T10:00:00+00:00`); numbers as JSON.
 *
 * `message` is absent for an admin-API invocation, which carries only the input.
 */
export function toQueueTriggerInput(
  triggerName: string,
  functionName: string,
  text: string,
  message: QueueMessageFacts | undefined,
): InvocationInput {
  const triggerMetadata: Record<string, RpcTypedData> = {
    QueueTrigger: { string: text },
    sys: {
      json: JSON.stringify({ MethodName: functionName, UtcNow: toJsonDate(new Date()), RandGuid: randomUUID() }),
    },
  };
  if (message) {
    triggerMetadata['DequeueCount'] = { json: JSON.stringify(message.dequeueCount) };
    triggerMetadata['Id'] = { string: message.messageId };
    triggerMetadata['PopReceipt'] = { string: message.popReceipt };
    for (const [key, date] of [
      ['InsertionTime', message.insertedOn],
      ['ExpirationTime', message.expiresOn],
      ['NextVisibleTime', message.nextVisibleOn],
    ] as const) {
      if (date) triggerMetadata[key] = { json: JSON.stringify(toJsonDate(date)) };
    }
  }
  return { inputData: [{ name: triggerName, data: toTriggerValue(text) }], triggerMetadata };
}

function toTriggerValue(text: string): RpcTypedData {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      JSON.parse(text);
      return { json: text };
    } catch {
      // Not JSON after all: pass the text.
    }
  }
  return { string: text };
}

/** Json.NET's DateTimeOffset format: no trailing zero fraction, `+00:00` rather than `Z`. */
export function toJsonDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.(\d*?)0+Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'))
    .replace(/Z$/, '+00:00');
}
