import type { RateLimit } from './graph-simulator-options.js';

/**
 * Counts events in the last `windowMs` milliseconds: an event at `t` is in the window at `now`
 * while `now - windowMs < t <= now`. A sliding log rather than fixed buckets, because a client
 * that spends its budget at the end of one bucket and again at the start of the next would pass
 * a bucketed check yet break the limit as Intune states it.
 */
export class SlidingWindow {
  #stamps: number[] = [];
  #head = 0;
  #max = 0;

  constructor(readonly limit: RateLimit) {}

  /** Events in the window at `now`. */
  count(now: number): number {
    this.#prune(now);
    return this.#stamps.length - this.#head;
  }

  /** Milliseconds until one more event fits; 0 when it fits now. */
  waitMs(now: number): number {
    const inWindow = this.count(now);
    if (inWindow < this.limit.count) return 0;
    // The window has room once enough old events leave it for the count to drop below the limit.
    const oldestThatMustLeave = this.#stamps[this.#head + inWindow - this.limit.count] as number;
    return oldestThatMustLeave + this.limit.windowMs - now;
  }

  record(now: number): void {
    this.#stamps.push(now);
    this.#max = Math.max(this.#max, this.count(now));
  }

  /** The most events ever seen in one window, for asserting a client never overspent. */
  get maxInWindow(): number {
    return this.#max;
  }

  #prune(now: number): void {
    const edge = now - this.limit.windowMs;
    while (this.#head < this.#stamps.length && (this.#stamps[this.#head] as number) <= edge) this.#head++;
    // Compact now and then so a long benchmark does not keep every timestamp alive.
    if (this.#head > 1024 && this.#head * 2 > this.#stamps.length) {
      this.#stamps = this.#stamps.slice(this.#head);
      this.#head = 0;
    }
  }
}
