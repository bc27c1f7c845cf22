import { randomUUID } from 'node:crypto';
import type { RpcTypedData } from './core-api-types.js';
import type { InvocationInput } from './function-invoker.js';
import type { EventGridPayloadEvent } from './parse-event-grid-events.js';
import { toJsonDate } from './to-queue-trigger-input.js';

/**
 * Builds the invocation input for one Event Grid event as the host sends it to a Node.js worker:
 * the event (a JSON object in the extension) as `json` trigger data, which `@azure/functions`
 * parses into the object the handler receives (`eventType`, `subject`, `data`, ... for the Event
 * Grid schema, `type`, `source`, `specversion`, ... for CloudEvents), and the trigger metadata
 * the extension binds: `data` (the event's `data`) and `sys`. The library camel-cases metadata,
 * keys nested in `data` included (`context.triggerMetadata.data`).
 */
export function toEventGridTriggerInput(
  triggerName: string,
  functionName: string,
  event: EventGridPayloadEvent,
  traceParent: string | undefined,
): InvocationInput {
  const data = event['data'];
  const triggerMetadata: Record<string, RpcTypedData> = {
    // An event without `data` binds null, which reaches the worker as empty typed data.
    data: data === undefined ? {} : { json: JSON.stringify(data) },
    sys: {
      json: JSON.stringify({ MethodName: functionName, UtcNow: toJsonDate(new Date()), RandGuid: randomUUID() }),
    },
  };
  return { inputData: [{ name: triggerName, data: { json: JSON.stringify(event) } }], triggerMetadata, traceParent };
}
