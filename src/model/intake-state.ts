/**
 * How far the intake of a job has got. A large job is published (visible, with exact counts)
 * before its items are written and their messages sent; a chain of intake steps then does both,
 * a staged page at a time. Only the step message carrying `token` may move the intake on.
 */
export interface IntakeState {
  /** Items written to the job's table so far. */
  readonly recorded: number;
  /** Items passed on to their lane so far (sent, or canceled when the job was). */
  readonly enqueued: number;
  /** Staged pages written to the table so far. */
  readonly pagesRecorded: number;
  /** Staged pages whose messages were sent so far. */
  readonly pagesEnqueued: number;
  /** Staged pages in all; 0 when the items were written at once (`stagingId` absent). */
  readonly pageCount: number;
  /** The most items one staged page holds; a unit of work is never split across two. */
  readonly pageSize: number;
  /** Which staged pages hold this job's items; absent when the items were written at once. */
  readonly stagingId?: string;
  /**
   * Turns booked by the latest step for bulk messages, per budget; they end at the job's
   * `turnsEndAt` of that budget. A cancel hands back at most these: earlier ones may lie among
   * other jobs' turns.
   */
  readonly lastTurns: Readonly<Record<string, number>>;
  /** Token of the one intake message allowed to carry the intake on. */
  readonly token: string;
  /** When that message is due (ISO time): past that and some, the intake is stalled. */
  readonly nextAt: string;
}

/** Items one intake step writes, and messages it sends: one staged page (`INTAKE_PAGE_ITEMS`). */
export const INTAKE_PAGE_ITEMS = 1000;

/**
 * The intake of a job whose items are all written already (small jobs, written in the request,
 * and jobs recorded before intake steps existed): what is left is sending their messages.
 */
export function wholeIntake(jobId: string, total: number, at: string, token = `whole-${jobId}`): IntakeState {
  return { recorded: total, enqueued: 0, pagesRecorded: 0, pagesEnqueued: 0, pageCount: 0, pageSize: INTAKE_PAGE_ITEMS, lastTurns: {}, token, nextAt: at };
}

/**
 * Units of work (each a list of items sent in one message) packed into pages of at most `size`
 * items, in order; a unit larger than `size` has a page of its own, so no unit is ever split.
 */
export function packUnits<T>(units: ReadonlyArray<readonly T[]>, size: number): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > size) {
      pages.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

/** A staged page back as its units: items of one unit share one token and sit next to each other. */
export function unitsOfPage<T extends { readonly token: string }>(page: readonly T[]): T[][] {
  const units: T[][] = [];
  for (const item of page) {
    const last = units.at(-1);
    if (last && (last[0] as T).token === item.token) last.push(item);
    else units.push([item]);
  }
  return units;
}
