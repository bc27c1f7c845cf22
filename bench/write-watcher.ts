import type { GraphSimulator } from '../tools/graph-sim/create-graph-simulator.js';

/** The assignment id a write log path ends with, lower-cased as the targets hold it. */
export function assignmentIdOf(path: string): string {
  return (path.slice(path.lastIndexOf('/') + 1) || path).toLowerCase();
}

/**
 * Follows the simulator's write log as it grows and remembers when each assignment was first
 * changed. Progress, completion of the baselines and interactive latency all read it, so every
 * contender is timed by the same clock: the simulator's, at the moment the write arrived.
 */
export class WriteWatcher {
  readonly #sim: GraphSimulator;
  readonly #intervalMs: number;
  #next = 0;
  readonly #firstApplied = new Map<string, number>();
  readonly #waiters = new Map<string, Set<(at: number) => void>>();
  #timer: NodeJS.Timeout | undefined;

  /** @param intervalMs how often the log is read; latencies are exact regardless, waiters wake this late at most */
  constructor(sim: GraphSimulator, intervalMs = 100) {
    this.#sim = sim;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.poll(), this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reads whatever the log gained since the last call. */
  poll(): void {
    const entries = this.#sim.writes(this.#next);
    this.#next += entries.length;
    for (const entry of entries) {
      if (!entry.applied) continue;
      const id = assignmentIdOf(entry.path);
      if (this.#firstApplied.has(id)) continue;
      this.#firstApplied.set(id, entry.at);
      for (const wake of this.#waiters.get(id) ?? []) wake(entry.at);
      this.#waiters.delete(id);
    }
  }

  /** When the assignment was first changed, if it was. */
  appliedAt(assignmentId: string): number | undefined {
    return this.#firstApplied.get(assignmentId);
  }

  /** Resolves with the time of the first applied write to the assignment, or undefined once `signal` aborts. */
  whenApplied(assignmentId: string, signal: AbortSignal): Promise<number | undefined> {
    const at = this.#firstApplied.get(assignmentId);
    if (at !== undefined || signal.aborted) return Promise.resolve(at);
    return new Promise((resolve) => {
      let waiters = this.#waiters.get(assignmentId);
      if (!waiters) this.#waiters.set(assignmentId, (waiters = new Set()));
      const wake = (time: number | undefined) => {
        waiters.delete(wake);
        signal.removeEventListener('abort', onAbort);
        resolve(time);
      };
      const onAbort = () => wake(undefined);
      waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many of `assignmentIds` have been applied, and when the last of those was. */
  progress(assignmentIds: Iterable<string>): { applied: number; lastAt: number | undefined } {
    let applied = 0;
    let lastAt: number | undefined;
    for (const id of assignmentIds) {
      const at = this.#firstApplied.get(id);
      if (at === undefined) continue;
      applied++;
      lastAt = lastAt === undefined ? at : Math.max(lastAt, at);
    }
    return { applied, lastAt };
  }
}
