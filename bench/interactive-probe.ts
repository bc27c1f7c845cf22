import { setMaxListeners } from 'node:events';
import type { BenchTarget } from './build-bench-seed.js';

/** One interactive submission and what became of it. */
export interface ProbeSample {
  readonly assignmentId: string;
  /** When the submission started (epoch ms). */
  readonly sentAt: number;
  /** When the submitter saw the item finished, if it did before the probe gave up. */
  readonly observedAt: number | undefined;
  readonly error?: string;
}

export interface InteractiveProbeOptions {
  /** Milliseconds between two submissions; the first goes out one interval after the start. 0: none at all. */
  readonly everyMs: number;
  /** Targets to use, one per submission; the probe stops submitting when they run out. */
  readonly targets: readonly BenchTarget[];
  /**
   * Submits one item and resolves when the submitter sees it finished, with that time, or with
   * undefined when `signal` aborts first. Rejections are recorded on the sample.
   */
  readonly submit: (target: BenchTarget, signal: AbortSignal) => Promise<number | undefined>;
}

export interface InteractiveProbe {
  /** Stops submitting, gives unfinished submissions up to `graceMs` more, then abandons them. */
  stop(graceMs: number): Promise<ProbeSample[]>;
}

/**
 * Submits a 1-item interactive change every few seconds while the bulk work drains: a person in
 * a portal, waiting. Submissions run concurrently, so a slow one never delays the next.
 */
export function startInteractiveProbe(options: InteractiveProbeOptions): InteractiveProbe {
  const abandon = new AbortController();
  // Every unfinished submission listens on this one signal; dozens at once are expected, not a leak.
  setMaxListeners(Infinity, abandon.signal);
  const pending: Promise<ProbeSample>[] = [];
  let next = options.everyMs > 0 ? 0 : options.targets.length;
  const timer = setInterval(() => {
    const target = options.targets[next++];
    if (!target) return clearInterval(timer);
    const sentAt = Date.now();
    pending.push(
      options.submit(target, abandon.signal).then(
        (observedAt) => ({ assignmentId: target.assignmentId, sentAt, observedAt }),
        (error: unknown) => ({
          assignmentId: target.assignmentId,
          sentAt,
          observedAt: undefined,
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
    );
  }, Math.max(options.everyMs, 1000));

  return {
    async stop(graceMs) {
      clearInterval(timer);
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(pending),
        new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(graceTimer);
      abandon.abort();
      return Promise.all(pending);
    },
  };
}
