/** Runs that measure intake under load and recovery from a crash, after the job scenarios. */
export const RESILIENCE_RUN_NAMES = ['intake-10k', 'kill-recovery'] as const;
export type ResilienceRunName = (typeof RESILIENCE_RUN_NAMES)[number];

/** `POST /api/jobs` of a 10,000-item job answered while 20,000 messages wait in the bulk queue. */
export interface IntakeBacklogResult {
  readonly name: 'intake-10k';
  readonly items: number;
  /** Messages already in the bulk queue, invisible, before the first POST. */
  readonly backlog: number;
  /** Each POST sent → its 202 received, in order. */
  readonly postSeconds: readonly number[];
  readonly postSecondsMedian: number;
  readonly postSecondsMax: number;
  /**
   * First POST sent → its job showing every item written (`intake.recorded`). Its messages are
   * queued later, a page at a time as the job's turns come near, so "intake complete" comes at
   * the budget's pace, not the storage's.
   */
  readonly recordedSeconds: number | null;
  /** Size of one request body. */
  readonly bodyMegabytes: number;
}

/** A job whose whole stack (host and Azurite with its data on disk) is killed mid-way and restarted. */
export interface KillRecoveryResult {
  readonly name: 'kill-recovery';
  readonly items: number;
  /** Items Graph had applied when the stack was killed. */
  readonly appliedAtKill: number;
  /** Kill → the restarted host answering. */
  readonly downSeconds: number;
  /** Restart → every item of the job final; null when that did not happen before the timeout. */
  readonly restartToFinalSeconds: number | null;
  /** `SWEEP_STALE_AFTER_SECONDS` of the service, which bounds the wait for a lost message. */
  readonly staleAfterSeconds: number;
  /** Items the sweeper drove again, and intakes it resumed, summed over its runs. */
  readonly redriven: number;
  readonly intakesResumed: number;
  /** Items not final at the end: the figure that must be 0. */
  readonly stuck: number;
  /** Items whose change Graph does not hold at the end. */
  readonly lost: number;
  /** Applied writes beyond one per item: changes written again after the kill (harmless: the same PATCH). */
  readonly writtenAgain: number;
  readonly finalStatus: string | null;
}

export type ResilienceResult = IntakeBacklogResult | KillRecoveryResult;
