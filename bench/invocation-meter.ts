/** `Executed 'Functions.apply-bulk-item' (Succeeded, Id=…, Duration=12ms)`, as the local host prints it, prefix and all. */
const EXECUTED = /Executed 'Functions\.([^']+)' \((Succeeded|Failed), Id=[^,]+, Duration=(\d+)ms\)/;

/**
 * Adds up the `Duration=` of every invocation of the worker functions, read from host log lines.
 * On a consumption plan that is what is billed (execution time, not wall time of the instance),
 * so a worker that sleeps in-process on Retry-After pays for the sleep and one that defers to the
 * queue does not.
 */
export class InvocationMeter {
  readonly #functions: RegExp;
  #ms = 0;
  #succeeded = 0;
  #failed = 0;

  /** @param functions names of the functions to count (others, such as HTTP ones, are ignored) */
  constructor(functions: RegExp) {
    this.#functions = functions;
  }

  observe(line: string): void {
    const m = EXECUTED.exec(line);
    if (!m || !this.#functions.test(m[1] as string)) return;
    this.#ms += Number(m[3]);
    if (m[2] === 'Succeeded') this.#succeeded++;
    else this.#failed++;
  }

  totals(): { seconds: number; invocations: number; failedInvocations: number } {
    return { seconds: this.#ms / 1000, invocations: this.#succeeded + this.#failed, failedInvocations: this.#failed };
  }
}
