import { randomUUID } from 'node:crypto';
import { fullJitterBackoff } from '../model/backoff.js';
import { isTerminal, type AttemptRecord, type Item, type ItemChange, type Lane } from '../model/job-model.js';
import type { GraphWriteOutcome, GraphWriteRequest } from '../ports/graph-writer.js';
import type { RateBudget } from '../ports/rate-budget.js';
import type { WorkMessage } from '../ports/work-message.js';
import { unitMessage } from '../jobs/item-work-message.js';
import type { ApplyItemDeps, ApplyResult } from './apply-item.js';
import { visibilityPlan } from '../model/visibility-plan.js';
import type { Verdict } from './classify-outcome.js';

/** The most one invocation waits for the budget; anything longer goes back to the queue. */
export const MAX_INLINE_WAIT_MS = 1000;

/** The items a delivery holds: their indexes and the token they share with its message. */
export interface HeldUnit {
  readonly message: WorkMessage;
  /** Claimed items, in index order. */
  readonly items: readonly Item[];
  /** The write budget of the unit's throttling family: its slot, and its pause on a Retry-After. */
  readonly budget: RateBudget;
}

type FinalStatus = 'succeeded' | 'failed' | 'canceled';

/**
 * Records the end of each held item: `changeFor` says its final status and what to record, or
 * undefined to leave it to a later step. Only items still holding the message's token change.
 */
export async function finishItems(
  deps: ApplyItemDeps,
  unit: HeldUnit,
  changeFor: (item: Item) => (ItemChange & { status: FinalStatus }) | undefined,
): Promise<number> {
  const done = deps.clock().toISOString();
  const result = await deps.store.updateItems(unit.message.jobId, unit.items.map((i) => i.index), (item) => {
    if (item.token !== unit.message.token || isTerminal(item.status)) return undefined;
    const change = changeFor(item);
    return change ? { ...change, leaseUntil: undefined, nextAttemptAt: undefined, completedAt: done } : undefined;
  });
  return result?.changed.length ?? 0;
}

/** Releases the claim on held items (so the message coming back can take them) and sends it back after `waitMs` (see `comeBack`). */
export async function comeBackClaimed(deps: ApplyItemDeps, lane: Lane, unit: HeldUnit, waitMs: number, allowanceMs = 0): Promise<ApplyResult> {
  await deps.store.updateItems(unit.message.jobId, unit.items.map((i) => i.index), (item) =>
    item.token === unit.message.token && !isTerminal(item.status) ? { attempts: Math.max(0, item.attempts - 1), leaseUntil: undefined } : undefined,
  );
  // What is left of the invocation's second may go to landing it in the right second; no more.
  return comeBack(deps, lane, unit.message, waitMs, allowanceMs);
}

/**
 * Sends the message back to wait for the budget, due at `notBefore`, to become visible a little
 * before then (`visibilityPlan`) so that the next invocation waits out the rest, under a second.
 * Landing in that window may take holding the send; when this invocation has less than that
 * left of its second (`allowanceMs`), the message is made visible a second later instead, a
 * little late rather than so early that it would only come back again.
 */
export async function comeBack(deps: ApplyItemDeps, lane: Lane, message: WorkMessage, waitMs: number, allowanceMs = MAX_INLINE_WAIT_MS): Promise<ApplyResult> {
  const notBefore = deps.clock().getTime() + waitMs;
  const plan = visibilityPlan(notBefore, deps.clock().getTime());
  let delaySeconds = plan.delaySeconds;
  if (plan.holdMs > allowanceMs) delaySeconds += 1;
  else if (plan.holdMs > 0) await deps.sleep(plan.holdMs);
  await deps.queue.send(lane, { ...message, notBefore }, delaySeconds * 1000);
  return 'waiting';
}

/**
 * Ends or retries held items after an attempt that did not succeed: `failed` when Graph refused
 * (or the attempts are spent), else a new message for the next attempt, after Graph's
 * `Retry-After` or a jittered back-off. The message goes out before its token is recorded: if
 * this worker dies in between, the new message is dropped as stale and the current one, never
 * completed, comes back instead. A job canceled meanwhile is seen by the same write, which
 * cancels the items instead.
 */
export async function failOrRetry(
  deps: ApplyItemDeps,
  lane: Lane,
  unit: HeldUnit,
  verdict: Exclude<Verdict, { kind: 'succeeded' }>,
  record: AttemptRecord | undefined,
): Promise<ApplyResult> {
  const { message } = unit;
  const recorded: ItemChange = record ?? {};
  const log = { jobId: message.jobId, indexes: unit.items.map((i) => i.index), attempt: message.attempt, ...record };
  if (verdict.kind === 'failed' || message.attempt >= deps.settings.maxAttempts) {
    const exhausted = verdict.kind === 'retry';
    const extra: ItemChange = exhausted
      ? { errorCode: record?.errorCode, errorMessage: `gave up after ${message.attempt} attempts; last: ${record?.errorMessage ?? 'no answer'}` }
      : {};
    await finishItems(deps, unit, () => ({ ...recorded, ...extra, status: 'failed' }));
    deps.log.warn(exhausted ? 'Item failed after its last attempt' : 'Item refused by Graph', log);
    return 'failed';
  }
  const done = deps.clock();
  if (verdict.retryAfterMs !== undefined) {
    // Graph told this app to slow down in this family: every instance pauses it, not only this one.
    await unit.budget.pause(done.getTime() + verdict.retryAfterMs);
  }
  const delayMs =
    verdict.retryAfterMs ??
    fullJitterBackoff(message.attempt, { baseMs: deps.settings.backoffBaseMs ?? 2000, capMs: deps.settings.backoffCapMs ?? 300_000 }, deps.random);
  return requeue(deps, lane, unit, { delayMs, record: recorded, attempt: message.attempt + 1, log });
}

/**
 * Sends held items back with a new token, as one unit, for another attempt after `delayMs`;
 * `change` is recorded on each (how the item is written, when that changed).
 */
export async function requeue(
  deps: ApplyItemDeps,
  lane: Lane,
  unit: HeldUnit,
  options: { delayMs: number; record: ItemChange; attempt: number; change?: Partial<Item>; log?: Record<string, unknown> },
): Promise<ApplyResult> {
  const { message } = unit;
  const done = deps.clock();
  const token = randomUUID();
  const next = unit.items.map((item) => ({ ...item, ...options.change }) as Item);
  const nextAttemptAt = new Date(done.getTime() + options.delayMs).toISOString();
  let canceled = false;
  await deps.store.updateItems(message.jobId, unit.items.map((i) => i.index), (item, job) => {
    if (item.token !== message.token || isTerminal(item.status)) return undefined;
    canceled = job.cancelRequested;
    return canceled
      ? { ...options.record, status: 'canceled', leaseUntil: undefined, nextAttemptAt: undefined, completedAt: done.toISOString() }
      : { ...options.record, ...(options.change as ItemChange | undefined), status: 'retrying', token, leaseUntil: undefined, nextAttemptAt };
  });
  if (canceled) return 'canceled';
  // The new token is recorded before its message is sent: sent first, the message could reach a
  // worker before the token and be dropped as stale. A send that fails leaves the item to the sweeper.
  await deps.queue.send(lane, unitMessage(next, options.attempt, token), options.delayMs);
  deps.log.info('Item will be retried', { ...options.log, delayMs: options.delayMs });
  return 'retryScheduled';
}

/** What to record of a Graph call: its status, request ids, error and duration. */
export function attemptRecord(outcome: GraphWriteOutcome): AttemptRecord {
  if (outcome.kind === 'network') {
    return {
      httpStatus: undefined,
      graphRequestId: undefined,
      clientRequestId: outcome.clientRequestId,
      errorCode: outcome.reason === 'timeout' ? 'Timeout' : 'ConnectionFailed',
      errorMessage: outcome.message,
      durationMs: outcome.durationMs,
    };
  }
  const ok = outcome.status >= 200 && outcome.status < 300;
  return {
    httpStatus: outcome.status,
    graphRequestId: outcome.requestId,
    clientRequestId: outcome.clientRequestId,
    errorCode: ok ? undefined : (outcome.errorCode ?? `Http${outcome.status}`),
    errorMessage: ok ? undefined : (outcome.errorMessage ?? `Graph answered ${outcome.status}`),
    durationMs: outcome.durationMs,
  };
}

/** Sends one write; a token that cannot be had is a passing failure like a dropped connection: Graph was never called. */
export async function sendWrite(write: (request: GraphWriteRequest) => Promise<GraphWriteOutcome>, request: GraphWriteRequest): Promise<GraphWriteOutcome> {
  const started = Date.now();
  try {
    return await write(request);
  } catch (error) {
    return {
      kind: 'network',
      reason: 'connection',
      message: `no Graph token: ${error instanceof Error ? error.message : String(error)}`,
      clientRequestId: request.clientRequestId,
      durationMs: Date.now() - started,
    };
  }
}
