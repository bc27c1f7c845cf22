import type { IncomingHttpHeaders } from 'node:http';
import { allowedWebhookOrigin } from './allowed-webhook-origin.js';
import type { RegisteredFunction } from './app-registrations.js';
import type { InvocationInput, InvocationOutcome } from './function-invoker.js';
import type { HostLog } from './host-log.js';
import { parseEventGridEvents } from './parse-event-grid-events.js';
import { readValidationCode } from './read-validation-code.js';
import { toEventGridTriggerInput } from './to-event-grid-trigger-input.js';

/** A request to `/runtime/webhooks/eventgrid`, body already read. */
export interface EventGridWebhookRequest {
  readonly method: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Incoming W3C `traceparent` header, if any. */
  readonly traceParent: string | undefined;
}

/** What to answer; bodies are plain text, as the extension's `StringContent` is. */
export interface EventGridWebhookResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

interface EventGridFunction {
  readonly fn: RegisteredFunction;
  readonly triggerName: string;
}

/**
 * The Event Grid extension's webhook, `/runtime/webhooks/eventgrid?functionName=NAME`, which Event
 * Grid subscriptions of `eventGridTrigger` functions deliver to:
 *
 * - `OPTIONS` (CloudEvents abuse protection): 200 with `WebHook-Allowed-Origin`.
 * - `aeg-event-type: SubscriptionValidation`: the host answers the handshake itself, 200 with
 *   `{"validationResponse": "<data.validationCode>"}`; the function is not invoked.
 * - `aeg-event-type: Notification`: a JSON array of events (Event Grid schema or a CloudEvents
 *   batch) or one CloudEvent object. The function runs once per event, all at once, each with
 *   that event as its trigger value; 202 when all succeeded, else 500 with the first failure's
 *   message so that Event Grid redelivers the whole request.
 * - `aeg-event-type: Unsubscribe`: 202; any other or no `aeg-event-type`: 400.
 *
 * Function names match exactly, as in the extension's listener table. In Azure the URL must carry
 * the `eventgrid_extension` system key (`code=`); like the host's HTTP routes here, keys are not
 * checked locally, so `code=` and `aeg-sas-key` are accepted and ignored.
 */
export class EventGridWebhook {
  readonly #functions = new Map<string, EventGridFunction>();

  constructor(
    private readonly options: {
      readonly functions: readonly RegisteredFunction[];
      readonly invoke: (fn: RegisteredFunction, input: InvocationInput, reason: string) => Promise<InvocationOutcome>;
      readonly log: HostLog;
    },
  ) {
    for (const fn of options.functions) {
      const trigger = Object.entries(fn.metadata.bindings).find(([, b]) => isEventGridTrigger(b.type));
      if (trigger) this.#functions.set(fn.metadata.name, { fn, triggerName: trigger[0] });
    }
  }

  async handle(request: EventGridWebhookRequest): Promise<EventGridWebhookResponse> {
    const name = request.query.get('functionName');
    // The extension answers 404 here too (it looks the empty name up); a 400 says what is missing.
    if (!name) return text(400, 'The functionName query parameter is required: /runtime/webhooks/eventgrid?functionName=NAME');
    const target = this.#functions.get(name);
    if (!target) {
      const available = [...this.#functions.keys()].join(', ');
      this.options.log('information', `cannot find function: '${name}', available function names: [${available}]`);
      return text(404, `cannot find function: '${name}'`);
    }

    if (request.method === 'OPTIONS') {
      return { status: 200, headers: { 'WebHook-Allowed-Origin': allowedWebhookOrigin(firstHeader(request.headers, 'webhook-request-origin')) } };
    }

    const eventType = firstHeader(request.headers, 'aeg-event-type')?.toLowerCase();
    switch (eventType) {
      case 'subscriptionvalidation': {
        const validation = readValidationCode(request.body.toString('utf8'));
        if (!validation.ok) return text(400, validation.reason);
        this.options.log('information', `perform handshake with eventGrid for function: ${name}`);
        return text(200, JSON.stringify({ validationResponse: validation.code }));
      }
      case 'notification':
        return this.#deliver(target, request);
      case 'unsubscribe':
        return { status: 202 };
      default:
        return text(400, 'The aeg-event-type header must be SubscriptionValidation, Notification or Unsubscribe');
    }
  }

  async #deliver(target: EventGridFunction, request: EventGridWebhookRequest): Promise<EventGridWebhookResponse> {
    const parsed = parseEventGridEvents(request.body.toString('utf8'));
    if (!parsed.ok) return text(400, parsed.reason);
    const name = target.fn.metadata.name;
    const outcomes = await Promise.all(
      parsed.events.map((event) =>
        this.options.invoke(
          target.fn,
          toEventGridTriggerInput(target.triggerName, name, event, request.traceParent),
          `EventGrid trigger fired at ${new Date().toISOString()}`,
        ),
      ),
    );
    // The extension reports the host's wrapper exception, whose message names only the function;
    // the handler's own error is in the invocation's log line.
    if (outcomes.some((outcome) => !outcome.ok)) return text(500, `Exception while executing function: Functions.${name}`);
    return { status: 202 };
  }
}

function isEventGridTrigger(type: string | null | undefined): boolean {
  return (type ?? '').toLowerCase() === 'eventgridtrigger';
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function text(status: number, body: string): EventGridWebhookResponse {
  return { status, body };
}
