import { isTerminal, type Item, type Job } from './job-model.js';

/**
 * Whether no queue message can still exist for `item`, so that nothing but the sweeper will ever
 * drive it again. Every message for an item either touches the item when it is processed or
 * carries a time the item or its job records, so an item untouched for `staleAfterMs` past every
 * such time has no message left (it was lost with the storage it lived in, or deleted):
 *
 * - a worker's claim (`leaseUntil`) and its retry (`nextAttemptAt`) are on the item;
 * - a never-attempted item's first message is sent by the job's intake, and bulk ones wait for
 *   turns that end at the job's `turnsEndAt`;
 * - everything else (a deferred duplicate, a return from the waiting room, a redelivery after a
 *   failed invocation) comes back within seconds, far inside `staleAfterMs`, or while the
 *   budget is paused, which the caller skips the sweep for.
 *
 * A wrong "yes" costs a second message, which the token rule makes harmless: the sweeper gives
 * the item a new token, so the older message is dropped when it arrives.
 */
export function isStalled(item: Item, job: Job, nowMs: number, staleAfterMs: number): boolean {
  if (isTerminal(item.status)) return false;
  const settled = nowMs - staleAfterMs;
  const past = (iso: string | undefined) => iso === undefined || Date.parse(iso) < settled;
  if (!past(item.updatedAt) || !past(item.leaseUntil) || !past(item.nextAttemptAt)) return false;
  if (item.status === 'queued' && item.attempts === 0) {
    // Its first message is the intake's to send, and bulk messages wait for their turns (in
    // whichever family's waiting room: the last of them ends last).
    if (!job.intakeComplete) return false;
    if (!past(lastTurnEnd(job))) return false;
  }
  return true;
}

/** When the last waiting-room turn booked for a job's bulk messages ends (ISO); undefined when none was. */
export function lastTurnEnd(job: Job): string | undefined {
  const ends = Object.values(job.turnsEndAt ?? {});
  return ends.length === 0 ? undefined : ends.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/** Whether a job's intake has made no step for longer than a step can take: its next message is lost. */
export function isIntakeStalled(job: Job, nowMs: number, staleAfterMs: number): boolean {
  if (job.intakeComplete || !job.intake) return false;
  return Date.parse(job.intake.nextAt) < nowMs - staleAfterMs;
}
