import { isTerminal } from '../model/job-model.js';
import { messageAddress } from '../ports/work-message.js';
import type { JobStore } from '../ports/job-store.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export type PoisonResult = 'recorded' | 'alreadyFinal' | 'unattributable';

/** Reason recorded when the Functions host moved a message after repeated failures. */
const HOST_POISONED = 'the worker failed on this message as many times as maxDequeueCount allows';

/**
 * Drains a poison queue: the item a poisoned message belongs to ends `failed`, with the reason,
 * so that no item waits forever for a message that will never be processed.
 */
export async function recordPoisonedMessage(
  deps: { store: JobStore; clock: Clock; log: Logger },
  payload: unknown,
): Promise<PoisonResult> {
  const envelope = readEnvelope(payload);
  const address = messageAddress(envelope.payload);
  if (!address) {
    deps.log.error('Poison message names no item; dropped', { reason: envelope.reason });
    return 'unattributable';
  }
  const now = deps.clock().toISOString();
  // A set message's items share its token; without one, only the item it is addressed by is known to be its.
  const indexes = address.token !== undefined ? address.indexes : [address.index];
  const result = await deps.store.updateItems(address.jobId, indexes, (item) =>
    isTerminal(item.status) || (address.token !== undefined && address.token !== item.token)
      ? undefined
      : {
          status: 'failed',
          errorCode: 'PoisonMessage',
          errorMessage: envelope.reason,
          leaseUntil: undefined,
          nextAttemptAt: undefined,
          completedAt: now,
        },
  );
  if (!result?.changed.length) return 'alreadyFinal';
  deps.log.warn('Item failed from poison queue', { jobId: address.jobId, indexes: result.changed.map((i) => i.index), reason: envelope.reason });
  return 'recorded';
}

/** Our own poison messages wrap the payload with a reason; the host's are the bare message. */
function readEnvelope(payload: unknown): { reason: string; payload: unknown } {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { reason: 'message is not JSON', payload };
    }
  }
  if (value && typeof value === 'object' && 'poison' in value) {
    const wrapped = value as { poison?: { reason?: unknown }; payload?: unknown };
    return { reason: String(wrapped.poison?.reason ?? 'unreadable message'), payload: wrapped.payload };
  }
  return { reason: HOST_POISONED, payload: value };
}
