/**
 * What must be stopped if the run ends early. Each contender adds the stop of whatever it
 * started and removes it once stopped, so SIGINT or a crash stops exactly the processes that are
 * still running and nothing twice.
 */
export class CleanupRegistry {
  readonly #steps = new Set<() => Promise<void>>();
  readonly #stopping = new AbortController();

  /** Aborted once {@link runAll} has begun: check it before starting anything new, which nothing would stop. */
  get signal(): AbortSignal {
    return this.#stopping.signal;
  }

  /** Registers `stop`; the returned function runs it once and unregisters it. */
  add(stop: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | undefined;
    const once = () => {
      this.#steps.delete(once);
      done ??= stop();
      return done;
    };
    this.#steps.add(once);
    return once;
  }

  /** Runs every registered stop, newest first (hosts before the storage they use). */
  async runAll(): Promise<void> {
    this.#stopping.abort();
    const steps = [...this.#steps].reverse();
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
