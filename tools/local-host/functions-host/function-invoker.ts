import { randomBytes, randomUUID } from 'node:crypto';
import type { RegisteredFunction } from './app-registrations.js';
import type { RpcInvocationRequest, RpcInvocationResponse } from './core-api-types.js';
import type { CoreApiShim } from './core-api-shim.js';
import type { HostLog } from './host-log.js';
import { invokeRegisteredFunction } from './invoke-registered-function.js';
import type { LoadedFunctionApp } from './load-function-app.js';
import { formatTimeSpan } from './parse-time-span.js';

/** How one invocation ended, as the host sees it. */
export type InvocationOutcome =
  | { readonly ok: true; readonly invocationId: string; readonly durationMs: number; readonly response: RpcInvocationResponse }
  | { readonly ok: false; readonly invocationId: string; readonly durationMs: number; readonly error: Error };

/** Trigger-specific parts of an invocation request; the invoker adds ids and trace context. */
export type InvocationInput = Pick<RpcInvocationRequest, 'inputData' | 'triggerMetadata'> & {
  /** Incoming W3C `traceparent`, when the trigger carried one (HTTP). */
  readonly traceParent?: string | undefined;
};

/**
 * The host side of an invocation: assigns the invocation id and trace context, enforces
 * `functionTimeout`, logs one summary line per invocation (like the host's
 * "Executed 'Functions.x' (Succeeded, Id=…, Duration=…ms)"), and keeps track of what is in flight
 * so shutdown can wait for it.
 */
export class FunctionInvoker {
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly shim: CoreApiShim,
    private readonly app: LoadedFunctionApp,
    private readonly options: { readonly functionTimeoutMs: number | undefined; readonly log: HostLog },
  ) {}

  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  /** Never rejects: failures, including timeouts, come back as `{ ok: false }`. */
  invoke(fn: RegisteredFunction, input: InvocationInput, reason: string): Promise<InvocationOutcome> {
    const tracked = this.#run(fn, input, reason);
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
    return tracked;
  }

  /** Waits until nothing is in flight or `timeoutMs` passed; resolves `true` when drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.#inFlight]),
        new Promise((resolve) => (timer = setTimeout(resolve, remaining))),
      ]);
      clearTimeout(timer);
    }
    return true;
  }

  async #run(fn: RegisteredFunction, input: InvocationInput, reason: string): Promise<InvocationOutcome> {
    const name = fn.metadata.name;
    const invocationId = randomUUID();
    const log = this.options.log;
    const started = performance.now();
    log('debug', `Executing 'Functions.${name}' (Reason='${reason}', Id=${invocationId})`);

    const request: RpcInvocationRequest & { invocationId: string } = {
      invocationId,
      functionId: fn.metadata.functionId ?? name,
      inputData: input.inputData ?? [],
      triggerMetadata: input.triggerMetadata ?? {},
      traceContext: { traceParent: childTraceParent(input.traceParent), traceState: '', attributes: {} },
      retryContext: null,
    };

    let outcome: InvocationOutcome;
    try {
      const response = await this.#withTimeout(invokeRegisteredFunction(this.shim, this.app, fn, request), name);
      outcome = { ok: true, invocationId, durationMs: performance.now() - started, response };
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      outcome = { ok: false, invocationId, durationMs: performance.now() - started, error };
    }

    const duration = Math.round(outcome.durationMs);
    if (outcome.ok) {
      log('information', `Executed 'Functions.${name}' (Succeeded, Id=${invocationId}, Duration=${duration}ms)`);
    } else {
      log(
        'error',
        `Executed 'Functions.${name}' (Failed, Id=${invocationId}, Duration=${duration}ms) ${outcome.error.name}: ${outcome.error.message}`,
      );
    }
    return outcome;
  }

  #withTimeout<T>(work: Promise<T>, name: string): Promise<T> {
    const timeoutMs = this.options.functionTimeoutMs;
    if (timeoutMs === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    // The handler cannot be cancelled; like the host, the invocation counts as failed and its
    // promise is left to settle on its own.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timeout value of ${formatTimeSpan(timeoutMs)} was exceeded by function: Functions.${name}`)),
        timeoutMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

/** A W3C traceparent for this invocation: the caller's trace id when there is one, else a new trace. */
function childTraceParent(incoming: string | undefined): string {
  const match = incoming ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-([\da-f]{2})$/i.exec(incoming.trim()) : null;
  const traceId = match?.[1] ?? randomBytes(16).toString('hex');
  const flags = match?.[2] ?? '00';
  return `00-${traceId.toLowerCase()}-${randomBytes(8).toString('hex')}-${flags}`;
}
