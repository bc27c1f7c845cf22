import type { FieldError } from '../validation/field-errors.js';
import type { Logger } from '../shared/logger.js';
import type { EventRules } from './event-rules.js';
import { eventResultView } from './event-result-view.js';
import { handleEvent, type HandleEventDeps } from './handle-event.js';
import { parseEventDelivery } from './parse-event-delivery.js';
import { prepareEvent, type PreparedEvent } from './prepare-event.js';

export interface ReceiveEventsDeps extends HandleEventDeps {
  readonly eventRules: EventRules;
  readonly limits: HandleEventDeps['limits'] & { readonly maxItems: number };
  readonly log: Logger;
}

export type ReceiveOutcome =
  | { readonly kind: 'validation'; readonly validationCode: string }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'handled'; readonly results: ReturnType<typeof eventResultView>[] };

/**
 * A delivery posted to the webhook: the subscription handshake, or events in either schema.
 * Every event is checked (envelope, data, the rule's changes against the catalog) before any is
 * acted on, so a malformed delivery is refused whole with every problem named. Then each event
 * makes at most one job; one whose type no rule knows is acknowledged and logged.
 */
export async function receiveEvents(
  deps: ReceiveEventsDeps,
  request: { readonly contentType: string | undefined; readonly aegEventType: string | undefined; readonly body: unknown },
): Promise<ReceiveOutcome> {
  const delivery = parseEventDelivery(request);
  if (delivery.kind === 'validation') return { kind: 'validation', validationCode: delivery.validationCode };
  if (delivery.kind === 'invalid') return delivery;
  const prepared: PreparedEvent[] = delivery.events.map((e) => prepareEvent(e, deps.eventRules, deps.limits));
  const errors = prepared.flatMap((p, i) =>
    p.kind === 'invalid' ? p.errors.map((e) => ({ ...e, field: `events[${i}].${e.field}`.replace(/\.$/, '') })) : [],
  );
  if (errors.length > 0) return { kind: 'invalid', errors };
  const results = [];
  for (const [i, event] of delivery.events.entries()) {
    const p = prepared[i] as Exclude<PreparedEvent, { kind: 'invalid' }>;
    const outcome = await handleEvent(deps, event, p);
    if (outcome.kind === 'noRule') deps.log.warn('event matches no rule; acknowledged', { id: event.id, source: event.source, type: event.type });
    results.push(eventResultView(event, outcome));
  }
  return { kind: 'handled', results };
}
