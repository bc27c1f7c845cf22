/**
 * How long before its return time a queued message becomes visible: at most this long, so that
 * a worker fetching it at once never waits more than a second for its slot (it waits until the
 * return time, then up to the lead of its claim)...
 */
export const VISIBLE_LEAD_MAX_MS = 900;
/**
 * ...and at least this long, so that a worker fetching it as late as the queue's polling allows
 * (half a second, `maxPollingInterval`) still claims its slot in time.
 */
export const VISIBLE_LEAD_MIN_MS = 400;

/** When to send a message, and with what visibility delay in whole seconds. */
export interface VisibilityPlan {
  /** Milliseconds to hold the message before sending it; under half a second. */
  readonly holdMs: number;
  /** Visibility delay to send it with, in whole seconds (all a storage queue offers). */
  readonly delaySeconds: number;
}

/**
 * Plans the send of a message due at `notBefore` so that it becomes visible between
 * `VISIBLE_LEAD_MAX_MS` and `VISIBLE_LEAD_MIN_MS` before it.
 *
 * Queue delays come in whole seconds counted from the send, so a message sent now can only
 * become visible at now, now + 1 s, now + 2 s and so on. Rounding the delay down (the earlier
 * way) made it visible anywhere in the last second before its return time: the messages due in
 * the first part of each second became visible just as they were due, a worker polling every
 * half second fetched some of them a few hundred milliseconds late, their slots passed unused,
 * and the schedule lost up to a slot in ten. When no whole-second delay lands in the window, the
 * message is held for the rest (at most half a second) so that one does. A message due sooner
 * than the window is sent at once, visible at once.
 */
export function visibilityPlan(notBefore: number | undefined, now: number): VisibilityPlan {
  const ahead = notBefore === undefined ? 0 : notBefore - now;
  if (ahead <= VISIBLE_LEAD_MAX_MS) return { holdMs: 0, delaySeconds: 0 };
  // The latest whole second at which the message is still visible early enough...
  const delaySeconds = Math.floor((ahead - VISIBLE_LEAD_MIN_MS) / 1000);
  // ...and how much too early that is; holding the send moves the visibility by the same amount.
  const tooEarly = ahead - delaySeconds * 1000 - VISIBLE_LEAD_MAX_MS;
  return { holdMs: Math.max(0, Math.ceil(tooEarly)), delaySeconds };
}
