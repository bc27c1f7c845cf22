import { randomUUID } from 'node:crypto';
import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { expandTemplate } from '../catalog/resolve-graph-path.js';
import type { GraphWriteOutcome, GraphWriteRequest, GraphWriter } from '../ports/graph-writer.js';
import { isTerminal, type AttemptRecord, type Item, type ItemChange, type Lane } from '../model/job-model.js';
import { workMessage } from '../jobs/item-work-message.js';
import { parseWorkMessage, type WorkMessage } from '../ports/work-message.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { JobStore } from '../ports/job-store.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { RateBudget } from '../ports/rate-budget.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { fullJitterBackoff } from '../model/backoff.js';
import { classifyOutcome } from './classify-outcome.js';
import { visibilityPlan } from '../model/visibility-plan.js';

/** Longest wait before a deferred duplicate looks at its item again. */
const RECHECK_MS = 5000;
/** How long before its slot a worker looks for a pause, so that the look costs the write no time. */
const PAUSE_CHECK_LEAD_MS = 100;
/** The most one invocation waits for the budget; anything longer goes back to the queue. */
export const MAX_INLINE_WAIT_MS = 1000;
/**
 * How long before its return time a message claims its slot. Short, so that bulk bookings stay
 * close to now and an interactive claim arriving meanwhile finds a slot soon; long enough for
 * the claim and the item's lease to be stored before the slot comes.
 */
const RETURN_LEAD_MS = 300;

export interface ApplyItemDeps {
  readonly store: JobStore;
  readonly queue: WorkQueue;
  readonly graph: GraphWriter;
  /** The write budgets; an item spends its endpoint's throttling family's. */
  readonly budgets: FamilyBudgets;
  readonly clock: Clock;
  /** Waits and resolves with the milliseconds waited; injected so tests need not wait. */
  readonly sleep: (ms: number) => Promise<number>;
  readonly log: Logger;
  readonly random?: () => number;
  readonly settings: {
    readonly maxAttempts: number;
    readonly leaseMs: number;
    /** @default 2000 */
    readonly backoffBaseMs?: number;
    /** @default 300000 */
    readonly backoffCapMs?: number;
  };
}

/** How one delivery ended; every kind completes the message. */
export type ApplyResult =
  | 'succeeded'
  | 'failed'
  | 'retryScheduled'
  | 'canceled'
  | 'duplicate'
  | 'deferred'
  | 'waiting'
  | 'poisoned'
  | 'orphaned';

/**
 * Applies one queue message: at most one Graph PATCH, then a terminal status or a delayed
 * message for the next attempt. Safe under at-least-once delivery: a message whose token is
 * not the item's current one, or whose item is already final, changes nothing.
 */
export async function applyItem(deps: ApplyItemDeps, lane: Lane, payload: unknown): Promise<ApplyResult> {
  const parsed = parseWorkMessage(payload);
  if (!parsed.ok) {
    await deps.queue.sendToPoison(lane, payload, parsed.reason);
    deps.log.error('Unreadable work message moved to poison queue', { reason: parsed.reason });
    return 'poisoned';
  }
  const message = parsed.message;
  const endpoint = findEndpoint(message.endpointId);
  let path: string;
  try {
    if (!endpoint || !endpoint.versions[message.apiVersion]) throw new Error('endpoint or version not in the catalog');
    path = expandTemplate(endpoint, message.params);
  } catch (error) {
    const reason = `message names no catalog path: ${(error as Error).message}`;
    await deps.queue.sendToPoison(lane, payload, reason);
    deps.log.error('Work message outside the catalog moved to poison queue', { jobId: message.jobId, index: message.index });
    return 'poisoned';
  }

  // Graph meters each throttling family on its own: this item waits, and pauses, only its own.
  const budget = deps.budgets.of(endpoint.throttleScope);

  // A cheap look first: a duplicate or superseded message must not spend the budget.
  const current = await deps.store.getItem(message.jobId, message.index);
  if (!current) {
    deps.log.warn('Work message for an unknown item dropped', { jobId: message.jobId, index: message.index });
    return 'orphaned';
  }
  if (isTerminal(current.status) || current.token !== message.token) return 'duplicate';

  // Back from the waiting room, due at `notBefore`: claim its slot shortly before, so that
  // waiting here and for the slot stays under a second. Its turn has come then, so it may book
  // as far as that second allows.
  let slept = 0;
  const inTurn = message.notBefore !== undefined;
  if (message.notBefore !== undefined) {
    const early = message.notBefore - RETURN_LEAD_MS - deps.clock().getTime();
    if (early > MAX_INLINE_WAIT_MS - RETURN_LEAD_MS) return comeBack(deps, lane, message, early + RETURN_LEAD_MS);
    if (early > 0) slept = await deps.sleep(early);
  }
  const slot = await budget.claim(lane, { maxDelayMs: MAX_INLINE_WAIT_MS - slept, inTurn });
  if (slot.kind === 'wait') return comeBack(deps, lane, message, slot.waitMs, MAX_INLINE_WAIT_MS - slept);
  const slotAt = deps.clock().getTime() + slot.delayMs;

  const now = deps.clock();
  const clientRequestId = randomUUID();
  const leaseUntil = new Date(now.getTime() + deps.settings.leaseMs).toISOString();
  let refusal: 'duplicate' | 'canceled' | 'deferred' | undefined;
  let heldUntil = 0;
  const claim = await deps.store.updateItems(message.jobId, [message.index], (item, job) => {
    refusal = undefined;
    if (isTerminal(item.status) || item.token !== message.token) return (refusal = 'duplicate'), undefined;
    if (job.cancelRequested) {
      refusal = 'canceled';
      return { status: 'canceled', completedAt: now.toISOString(), leaseUntil: undefined, nextAttemptAt: undefined };
    }
    if (item.leaseUntil && Date.parse(item.leaseUntil) > now.getTime()) {
      heldUntil = Date.parse(item.leaseUntil);
      return (refusal = 'deferred'), undefined;
    }
    return { attempts: item.attempts + 1, leaseUntil, clientRequestId, nextAttemptAt: undefined };
  });
  const claimed = claim?.changed[0];
  if (!claim) {
    deps.log.warn('Work message for an unknown job dropped', { jobId: message.jobId, index: message.index });
    return 'orphaned';
  }
  if (refusal === 'deferred') {
    // Another delivery of this item is applying it now. Look again soon: by then it has usually
    // finished and this copy is dropped; if its worker died, the claim runs out and this copy applies.
    await deps.queue.send(lane, message, Math.min(heldUntil - now.getTime(), RECHECK_MS) + 1000);
    return 'deferred';
  }
  if (refusal) return refusal;
  if (!claimed) return 'orphaned';

  // The item is claimed before waiting for the slot, so that the write leaves as close to its
  // slot as possible: storage latency here would otherwise bunch writes in Graph's window.
  const early = slotAt - deps.clock().getTime();
  if (early > PAUSE_CHECK_LEAD_MS) await deps.sleep(early - PAUSE_CHECK_LEAD_MS);
  // Another instance may have been told to back off while this one waited for its slot. The
  // check runs during the last moments of the wait, so its latency does not delay the write.
  const [paused] = await Promise.all([
    budget.pausedFor(),
    deps.sleep(Math.max(0, slotAt - deps.clock().getTime())),
  ]);
  if (paused > 0) return comeBackClaimed(deps, lane, message, paused);

  const outcome = await patchGraph(deps.graph, { apiVersion: message.apiVersion, path, body: message.body, clientRequestId });
  return settle(deps, budget, lane, message, claimed, outcome);
}

/** As comeBack, for an item already claimed: its claim is released so the returning message can take it. */
async function comeBackClaimed(deps: ApplyItemDeps, lane: Lane, message: WorkMessage, waitMs: number): Promise<ApplyResult> {
  await deps.store.updateItems(message.jobId, [message.index], (item) =>
    item.token === message.token && !isTerminal(item.status) ? { attempts: Math.max(0, item.attempts - 1), leaseUntil: undefined } : undefined,
  );
  // It has waited for its slot already: no more waiting here.
  return comeBack(deps, lane, message, waitMs, 0);
}

/**
 * Sends the message back to wait for the budget, due at `notBefore`, to become visible a little
 * before then (`visibilityPlan`) so that the next invocation waits out the rest, under a second.
 * Landing in that window may take holding the send; when this invocation has less than that
 * left of its second (`allowanceMs`), the message is made visible a second later instead, a
 * little late rather than so early that it would only come back again.
 */
async function comeBack(deps: ApplyItemDeps, lane: Lane, message: WorkMessage, waitMs: number, allowanceMs = MAX_INLINE_WAIT_MS): Promise<ApplyResult> {
  const notBefore = deps.clock().getTime() + waitMs;
  const plan = visibilityPlan(notBefore, deps.clock().getTime());
  let delaySeconds = plan.delaySeconds;
  if (plan.holdMs > allowanceMs) delaySeconds += 1;
  else if (plan.holdMs > 0) await deps.sleep(plan.holdMs);
  await deps.queue.send(lane, { ...message, notBefore }, delaySeconds * 1000);
  return 'waiting';
}

async function settle(
  deps: ApplyItemDeps,
  budget: RateBudget,
  lane: Lane,
  message: WorkMessage,
  claimed: Item,
  outcome: GraphWriteOutcome,
): Promise<ApplyResult> {
  const verdict = classifyOutcome(outcome);
  const done = deps.clock();
  const record = attemptRecord(outcome);
  const log = { jobId: message.jobId, index: message.index, attempt: message.attempt, ...record };
  const finish = (status: 'succeeded' | 'failed' | 'canceled', extra: ItemChange = {}) =>
    deps.store.updateItems(message.jobId, [message.index], (item) =>
      item.token === message.token && !isTerminal(item.status)
        ? { ...record, ...extra, status, leaseUntil: undefined, nextAttemptAt: undefined, completedAt: done.toISOString() }
        : undefined,
    );

  if (verdict.kind === 'succeeded') {
    await finish('succeeded');
    deps.log.info('Item applied', log);
    return 'succeeded';
  }
  if (verdict.kind === 'failed' || message.attempt >= deps.settings.maxAttempts) {
    const exhausted = verdict.kind === 'retry';
    await finish('failed', exhausted ? exhaustedError(record, message.attempt) : {});
    deps.log.warn(exhausted ? 'Item failed after its last attempt' : 'Item refused by Graph', log);
    return 'failed';
  }

  if (verdict.retryAfterMs !== undefined) {
    // Graph told this app to slow down in this family: every instance pauses it, not only this one.
    await budget.pause(done.getTime() + verdict.retryAfterMs);
  }
  const delayMs =
    verdict.retryAfterMs ??
    fullJitterBackoff(message.attempt, {
      baseMs: deps.settings.backoffBaseMs ?? 2000,
      capMs: deps.settings.backoffCapMs ?? 300_000,
    }, deps.random);
  // Send the next message before recording its token: if this worker dies in between, the new
  // message is dropped as stale and the current one, never completed, comes back instead. A job
  // canceled meanwhile is seen by the same write, which cancels the item instead; the message
  // just sent is then dropped when it arrives.
  const token = randomUUID();
  await deps.queue.send(lane, workMessage(claimed, message.attempt + 1, token), delayMs);
  const nextAttemptAt = new Date(done.getTime() + delayMs).toISOString();
  let canceled = false;
  await deps.store.updateItems(message.jobId, [message.index], (item, job) => {
    if (item.token !== message.token || isTerminal(item.status)) return undefined;
    canceled = job.cancelRequested;
    return canceled
      ? { ...record, status: 'canceled', leaseUntil: undefined, nextAttemptAt: undefined, completedAt: done.toISOString() }
      : { ...record, status: 'retrying', token, leaseUntil: undefined, nextAttemptAt };
  });
  if (canceled) return 'canceled';
  deps.log.info('Item will be retried', { ...log, delayMs });
  return 'retryScheduled';
}

/** A token that cannot be had is a passing failure like a dropped connection: Graph was never called. */
async function patchGraph(graph: GraphWriter, request: GraphWriteRequest): Promise<GraphWriteOutcome> {
  const started = Date.now();
  try {
    return await graph.patch(request);
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

function attemptRecord(outcome: GraphWriteOutcome): AttemptRecord {
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

function exhaustedError(record: AttemptRecord, attempts: number): ItemChange {
  return {
    errorCode: record.errorCode,
    errorMessage: `gave up after ${attempts} attempts; last: ${record.errorMessage ?? 'no answer'}`,
  };
}
