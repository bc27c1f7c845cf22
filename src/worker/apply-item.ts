import { randomUUID } from 'node:crypto';
import { isTerminal, type Item, type Lane } from '../model/job-model.js';
import type { GraphReader } from '../ports/graph-reader.js';
import type { GraphWriter } from '../ports/graph-writer.js';
import type { JobStore } from '../ports/job-store.js';
import type { PolicyLeases } from '../ports/policy-leases.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import { parseWorkMessage, type WorkMessage } from '../ports/work-message.js';
import { leaseCoversWrite } from '../model/policy-lease.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { applyPatch } from './apply-patch.js';
import { applySet } from './apply-set.js';
import { comeBack, comeBackClaimed, MAX_INLINE_WAIT_MS, type HeldUnit } from './settle-unit.js';
import { patchUnitOf, setUnitOf, type PatchUnit } from './work-unit.js';

/** Longest wait before a deferred duplicate looks at its item again. */
const RECHECK_MS = 5000;
/**
 * How soon a unit whose policy another unit holds tries again. A read-modify-write takes well
 * under a second when Graph answers; the lease's full length only matters when its holder died.
 */
const LEASE_RECHECK_MS = 2000;
/** How long before its slot a worker looks for a pause, so that the look costs the write no time. */
const PAUSE_CHECK_LEAD_MS = 100;
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
  /** The write budgets; a unit spends its policy kind's throttling family's. */
  readonly budgets: FamilyBudgets;
  /** Reads what an item changes before it is written: the assignment, or the policy's whole set. */
  readonly reader: GraphReader;
  /** At most one read-modify-write of a policy's assignments at a time, across every instance. */
  readonly leases: PolicyLeases;
  readonly clock: Clock;
  /** Waits and resolves with the milliseconds waited; injected so tests need not wait. */
  readonly sleep: (ms: number) => Promise<number>;
  readonly log: Logger;
  readonly random?: () => number;
  readonly settings: {
    readonly maxAttempts: number;
    readonly leaseMs: number;
    /** How long a policy's lease lasts: one read and one write. */
    readonly policyLeaseMs: number;
    /** How long one write may take: it is only sent while the policy's lease outlasts it. */
    readonly writeTimeoutMs: number;
    /** How late after its slot a write may still leave; unset, any lateness is accepted. */
    readonly sendLateLimitMs?: number;
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
  | 'orphaned'
  /** Graph had no route for the PATCH: the item goes back to be written through its policy's `/assign`. */
  | 'rerouted';

/** A claimed unit on its way to Graph: its items, the slot booked for its write and the id sent with it. */
export interface Admitted {
  readonly lane: Lane;
  readonly held: HeldUnit;
  /**
   * When the invocation's second of waiting ends (ms epoch): a slot further than that is not
   * booked. And whether the message is back in its turn from the waiting room.
   */
  readonly claim: { readonly deadline: number; readonly inTurn: boolean };
  readonly clientRequestId: string;
  /** When the policy's lease runs out (ms epoch): the write must be answered before then. */
  readonly leaseExpiresAt: number;
}

/**
 * Applies one queue message: a PATCH item, or the items of one policy written together through
 * its `/assign`. Under the policy's lease it reads what the items change, writes at most once
 * (nothing when every item would change nothing), and records each item's end with what Graph
 * held before and after, or sends the unit back for its next attempt. Safe under at-least-once
 * delivery: a message whose token is not its items' current one, or whose items are final,
 * changes nothing.
 */
export async function applyItem(deps: ApplyItemDeps, lane: Lane, payload: unknown): Promise<ApplyResult> {
  const parsed = parseWorkMessage(payload);
  if (!parsed.ok) return poison(deps, lane, payload, 'Unreadable work message', parsed.reason);
  const message = parsed.message;
  let patch: PatchUnit | undefined;
  if (message.kind !== 'set') {
    try {
      patch = patchUnitOf(message);
    } catch (error) {
      return poison(deps, lane, payload, 'Work message outside the catalog', `message names no catalog path: ${(error as Error).message}`);
    }
  }

  // A cheap look first: a duplicate or superseded message must not spend the budget.
  const indexes = message.kind === 'set' ? message.indexes : [message.index];
  const stored = await Promise.all(indexes.map((index) => deps.store.getItem(message.jobId, index)));
  if (stored.every((item) => item === undefined)) {
    deps.log.warn('Work message for an unknown item dropped', { jobId: message.jobId, index: message.index });
    return 'orphaned';
  }
  const pending = stored.filter((item): item is Item => item !== undefined && !isTerminal(item.status) && item.token === message.token);
  if (pending.length === 0) return 'duplicate';
  let family = patch?.endpoint.throttleScope;
  if (message.kind === 'set') {
    try {
      family = setUnitOf(pending).action.throttleScope;
    } catch (error) {
      return poison(deps, lane, payload, 'Set message outside the catalog', `message names no catalog policy: ${(error as Error).message}`);
    }
  }
  // Graph meters each throttling family on its own: this unit waits, and pauses, only its own.
  const budget = deps.budgets.of(family as NonNullable<typeof family>);

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
  // The items are claimed, their policy leased and what they change read before a write slot is
  // booked, so that the write leaves at its slot: that storage and Graph latency would otherwise
  // make writes late and bunch them in Graph's window.
  const clientRequestId = randomUUID();
  const claim = await claimItems(deps, lane, message, pending.map((i) => i.index), clientRequestId);
  if (typeof claim === 'string') return claim;
  const held: HeldUnit = { message, items: claim, budget };

  // One read-modify-write of a policy at a time: another unit of this policy (another job's,
  // the reconciliation's) may be between its read and its write.
  const unit = patch ?? setUnitOf(held.items);
  const owner = randomUUID();
  // A PATCH shares the policy with other PATCHes; a read-modify-write of its set holds it alone.
  const lease = await deps.leases.acquire(unit.leaseKey, owner, deps.settings.policyLeaseMs, unit.kind === 'patch' ? 'shared' : 'exclusive');
  if (lease.kind === 'held') return comeBackClaimed(deps, lane, held, Math.min(lease.retryInMs, LEASE_RECHECK_MS));
  const admitted: Admitted = { lane, held, claim: { deadline: deps.clock().getTime() + MAX_INLINE_WAIT_MS - slept, inTurn }, clientRequestId, leaseExpiresAt: lease.lease.expiresAt };
  try {
    return unit.kind === 'patch' ? await applyPatch(deps, admitted, unit) : await applySet(deps, admitted, unit);
  } finally {
    await deps.leases.release(unit.leaseKey, owner).catch((error: unknown) => {
      // Left alone, the lease runs out by itself; the next writer of the policy waits that long.
      deps.log.warn('Policy lease not released', { key: unit.leaseKey, error: error instanceof Error ? error.message : String(error) });
    });
  }
}

/**
 * Books the write of `writing` a slot of its family's budget and waits for it, checking during
 * its last moments whether another instance was told to back off meanwhile (the check runs
 * while waiting, so its latency does not delay the write). Returns how the delivery ends instead
 * when there is no slot within the second, when the write might outlive the policy's lease, or
 * when the budget is paused: the items go back to the queue, claimed no more.
 *
 * On a starved machine the steps between booking and sending can outlast the slot. The headroom
 * covers writes up to `sendLateLimitMs` late; a later one would put more writes in some window
 * than the budget allows. Its slot has passed unused: it books a new one within the rest of its
 * second, or goes back to the queue.
 */
export async function awaitWriteSlot(deps: ApplyItemDeps, admitted: Admitted, writing: HeldUnit): Promise<ApplyResult | undefined> {
  const { lane } = admitted;
  const left = () => Math.max(0, admitted.claim.deadline - deps.clock().getTime());
  for (let reclaimed = false; ; reclaimed = true) {
    const slot = await writing.budget.claim(lane, { maxDelayMs: left(), inTurn: admitted.claim.inTurn || reclaimed });
    if (slot.kind === 'wait') return comeBackClaimed(deps, lane, writing, slot.waitMs, left());
    const slotAt = deps.clock().getTime() + slot.delayMs;
    if (!leaseCoversWrite(admitted.leaseExpiresAt, slotAt, deps.settings.writeTimeoutMs)) {
      // Reading took so long that the write might outlive the lease: start again with a fresh one.
      return comeBackClaimed(deps, lane, writing, 0);
    }
    const early = slotAt - deps.clock().getTime();
    if (early > PAUSE_CHECK_LEAD_MS) await deps.sleep(early - PAUSE_CHECK_LEAD_MS);
    const [paused] = await Promise.all([writing.budget.pausedFor(), deps.sleep(Math.max(0, slotAt - deps.clock().getTime()))]);
    if (paused > 0) return comeBackClaimed(deps, lane, writing, paused);
    const late = deps.clock().getTime() - slotAt;
    const limit = deps.settings.sendLateLimitMs;
    if (limit === undefined || late <= limit) return undefined;
    if (reclaimed) {
      deps.log.warn('Write missed its slot twice; sent back to claim a new one', { jobId: writing.message.jobId, index: writing.message.index, lateMs: Math.round(late) });
      return comeBackClaimed(deps, lane, writing, 0);
    }
  }
}

/**
 * Claims the message's items for this delivery: items of a canceled job end `canceled`, items
 * another delivery holds are left to it (this message comes back later in case that one died).
 * Returns the claimed items, or how the delivery ends when none could be claimed.
 */
async function claimItems(
  deps: ApplyItemDeps,
  lane: Lane,
  message: WorkMessage,
  indexes: readonly number[],
  clientRequestId: string,
): Promise<Item[] | ApplyResult> {
  const now = deps.clock();
  const leaseUntil = new Date(now.getTime() + deps.settings.leaseMs).toISOString();
  let heldUntil = 0;
  const claim = await deps.store.updateItems(message.jobId, indexes, (item, job) => {
    if (isTerminal(item.status) || item.token !== message.token) return undefined;
    if (job.cancelRequested) return { status: 'canceled', completedAt: now.toISOString(), leaseUntil: undefined, nextAttemptAt: undefined };
    if (item.leaseUntil && Date.parse(item.leaseUntil) > now.getTime()) {
      heldUntil = Math.max(heldUntil, Date.parse(item.leaseUntil));
      return undefined;
    }
    return { attempts: item.attempts + 1, leaseUntil, clientRequestId, nextAttemptAt: undefined };
  });
  if (!claim) {
    deps.log.warn('Work message for an unknown job dropped', { jobId: message.jobId, index: message.index });
    return 'orphaned';
  }
  const claimed = claim.changed.filter((item) => !isTerminal(item.status));
  if (claimed.length > 0) return claimed;
  if (heldUntil > 0) {
    // Another delivery of these items is applying them now. Look again soon: by then it has
    // usually finished and this copy is dropped; if its worker died, the claim runs out and
    // this copy applies.
    await deps.queue.send(lane, message, Math.min(heldUntil - now.getTime(), RECHECK_MS) + 1000);
    return 'deferred';
  }
  return claim.changed.length > 0 ? 'canceled' : 'duplicate';
}

async function poison(deps: ApplyItemDeps, lane: Lane, payload: unknown, what: string, reason: string): Promise<ApplyResult> {
  await deps.queue.sendToPoison(lane, payload, reason);
  deps.log.error(`${what} moved to poison queue`, { reason });
  return 'poisoned';
}
