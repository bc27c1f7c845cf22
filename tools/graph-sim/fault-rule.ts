export const FAULT_MODES = ['status', 'reset', 'latency', 'hang', 'applyThenHang', 'applyThenReset'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** One injected fault. Rules are tried in order; the first that matches and has uses left fires. */
export interface FaultRule {
  /**
   * `status`: answer `status` with a Graph error body instead of handling the request.
   * `reset`: destroy the connection (TCP reset) without answering or applying anything.
   * `latency`: wait `latencyMs`, then handle the request normally.
   * `hang`: never answer; the connection stays open until the client gives up or the simulator closes.
   * `applyThenHang` / `applyThenReset`: handle the request (a write is applied and counted), then
   * hang or reset instead of answering, as when a worker dies after Graph applied its change.
   * @default 'status'
   */
  readonly mode?: FaultMode;
  /**
   * Status for `status` mode, 400–599.
   * @default 503
   */
  readonly status?: number;
  /**
   * `error.code` of the answer.
   * @default the code Graph uses for `status`, e.g. `ServiceUnavailable`
   */
  readonly code?: string;
  /** @default a message naming the injected fault */
  readonly message?: string;
  /**
   * Whole seconds sent as `Retry-After` with a `status` answer; unset sends no header.
   * @default undefined
   */
  readonly retryAfterSeconds?: number;
  /**
   * How many requests the rule affects before it is spent.
   * @default unlimited
   */
  readonly times?: number;
  /**
   * Only requests whose path contains this text (case-insensitive) match.
   * @default every path
   */
  readonly pathContains?: string;
  /**
   * Which requests match: `write` is every write (PATCH and `POST …/assign`), the default, so that
   * reads made alongside do not use up rules meant for the writer under test.
   * @default 'write'
   */
  readonly method?: 'write' | 'PATCH' | 'POST' | 'GET' | 'any';
  /**
   * Delay before the fault takes effect, in milliseconds; required for `latency` mode, allowed
   * with every mode (a slow 504, a slow reset).
   * @default 0
   */
  readonly latencyMs?: number;
}

/** A rule with its use count, as `GET /_sim/faults` shows it. */
export interface ActiveFault {
  readonly rule: FaultRule;
  /** Uses left; null means unlimited. */
  readonly remaining: number | null;
  readonly used: number;
}
