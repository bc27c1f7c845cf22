import { throttleFamilyOfPath } from '../catalog/throttle-families.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { RateBudget } from '../ports/rate-budget.js';
import { sleep as realSleep } from '../shared/sleep.js';
import { fullJitterBackoff } from '../model/backoff.js';
import { classifyReadAttempt } from './classify-read-attempt.js';
import { GraphReadError } from '../ports/graph-read-error.js';
import type { GraphObject, GraphReadResult, GraphReader } from '../ports/graph-reader.js';
import type { GraphReadRequest, GraphReadTransport } from '../ports/graph-read-transport.js';
import { readAllPages, resolveMaxPages, type ReadPagingOptions } from './read-all-pages.js';

export interface BudgetedGraphReaderOptions extends ReadPagingOptions {
  /** Sends single GETs, usually the one `createSdkGraphReader` returns. Required. */
  readonly reader: GraphReadTransport;
  /**
   * The budgets reads spend, apart from the write budgets (for the Table budget, entities of
   * their own names), sized to Graph's read limit: each read spends the budget of the throttling
   * family its path belongs to. Reads claim on the interactive lane. Required.
   */
  readonly budgets: FamilyBudgets;
  /**
   * Attempts per request, the first included, before a `GraphReadError` is thrown.
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * Longest wait the reader sits out inline: for the budget to hand out a slot, or for a
   * `Retry-After` to pass. A longer one throws a `GraphReadError` at once, so that the caller's
   * trigger is retried later instead of holding its invocation open.
   * @default 30000
   */
  readonly maxWaitMs?: number;
  /**
   * Full-jitter backoff for retries Graph gave no `Retry-After` for: the n-th retry waits a
   * random time below `min(capMs, baseMs * 2^(n-1))`.
   * @default { baseMs: 500, capMs: 8000 }
   */
  readonly backoff?: { readonly baseMs: number; readonly capMs: number };
  /**
   * Waits `ms` milliseconds; injected so that tests run without real time passing.
   * @default a real timer
   */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /**
   * Current time in ms since the epoch. Must be the clock the budget reads, since pauses are
   * booked in it.
   * @default Date.now
   */
  readonly clock?: () => number;
  /**
   * Source of the backoff's jitter, in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
}

const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_MAX_WAIT_MS = 30_000;
const DEFAULT_BACKOFF = { baseMs: 500, capMs: 8000 };

/**
 * A `GraphReader` that spends the shared read budgets (one per throttling family, or one for all)
 * and retries what is transient.
 *
 * Before every request (each page of a collection included) it claims a slot and waits for it
 * inline: reads are few and short, and the callers (a plan, a reconciliation) need the answer to
 * go on. On 429, 503 or 504 with `Retry-After` the read budget of the request's family is paused until then, so
 * that no instance reads before Graph allows, and this request is not sent again before it
 * either. Other 5xx, throttling without `Retry-After`, timeouts and connection failures are
 * retried after a full-jitter backoff. After `maxAttempts`, or when Graph asks for a longer wait
 * than `maxWaitMs`, it throws a `GraphReadError` naming the path, status and Graph error code.
 */
export function createBudgetedGraphReader(options: BudgetedGraphReaderOptions): GraphReader {
  const { reader, budgets } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const sleep = options.sleep ?? realSleep;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const maxPages = resolveMaxPages(options);
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number of at least 1, got ${String(maxAttempts)}`);
  }
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
    throw new RangeError(`maxWaitMs must be a number of ms from 0 up, got ${String(maxWaitMs)}`);
  }
  if (!(backoff.baseMs > 0) || !(backoff.capMs >= backoff.baseMs) || !Number.isFinite(backoff.capMs)) {
    throw new RangeError(`backoff must have 0 < baseMs <= capMs, got ${JSON.stringify(backoff)}`);
  }

  /**
   * End of the latest pause Graph asked for in an answer to this reader, per budget. The budget
   * holds the same pause for every instance; this copy also catches reads that had already been
   * granted a slot and were waiting for it when the pause began, without another budget request.
   */
  const pausedUntil = new Map<RateBudget, number>();
  const pauseOf = (budget: RateBudget) => pausedUntil.get(budget) ?? Number.NEGATIVE_INFINITY;

  /** The budget of the request's throttling family; the reader is only ever given catalog paths. */
  function budgetOf(request: GraphReadRequest): RateBudget {
    const family = throttleFamilyOfPath(request.path);
    if (!family) throw new GraphReadError(`${describe(request)} was not sent: the path is outside the catalog's policy collections.`);
    return budgets.of(family);
  }

  /** Sleeps until `clock()` reaches `at`; loops because a timer may fire a little early. */
  async function waitUntil(at: number): Promise<void> {
    for (let left = at - clock(); left > 0; left = at - clock()) await sleep(left);
  }

  async function takeSlot(budget: RateBudget, request: GraphReadRequest, notBefore: number): Promise<void> {
    let waited = 0;
    for (;;) {
      const holdUntil = Math.max(notBefore, pauseOf(budget));
      if (holdUntil - clock() > maxWaitMs) {
        throw new GraphReadError(
          `${describe(request)} was not sent: Graph asked this app to wait until ${new Date(holdUntil).toISOString()}, ` +
            `longer than reads wait inline (${maxWaitMs} ms). Nothing was changed; retry the operation after that time.`,
        );
      }
      await waitUntil(holdUntil);
      const claim = await budget.claim('interactive');
      if (claim.kind === 'granted') {
        if (claim.delayMs > 0) await sleep(claim.delayMs);
        // Another read was throttled while this one waited for its slot: go round again.
        if (clock() < pauseOf(budget)) continue;
        return;
      }
      waited += claim.waitMs;
      if (waited > maxWaitMs) {
        throw new GraphReadError(
          `${describe(request)} was not sent: the read budget had no slot within ${maxWaitMs} ms (Graph is throttling reads, ` +
            'or too many reads are running). Nothing was changed; retry the operation later.',
        );
      }
      await sleep(claim.waitMs);
    }
  }

  async function fetchPage(request: GraphReadRequest): Promise<GraphReadResult<GraphObject>> {
    const budget = budgetOf(request);
    let notBefore = Number.NEGATIVE_INFINITY;
    let last = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await takeSlot(budget, request, notBefore);
      const verdict = classifyReadAttempt(await reader.send(request), request);
      if (verdict.kind === 'answer') return verdict.result;
      last = verdict.summary;
      const now = clock();
      if (verdict.retryAfterMs !== undefined) {
        notBefore = now + verdict.retryAfterMs;
        // Paused even after the last attempt: Graph's word holds for every reader of this app.
        if (verdict.pausesBudget) {
          pausedUntil.set(budget, Math.max(pauseOf(budget), notBefore));
          await budget.pause(notBefore);
        }
        if (verdict.retryAfterMs > maxWaitMs) {
          throw new GraphReadError(
            `${describe(request)} is throttled: Graph answered ${verdict.summary} and asked to wait ` +
              `${Math.ceil(verdict.retryAfterMs / 1000)} s, longer than reads wait inline (${maxWaitMs} ms). ` +
              'Nothing was changed; retry the operation after that time.',
          );
        }
      } else {
        notBefore = now + fullJitterBackoff(attempt, backoff, random);
      }
    }
    throw new GraphReadError(
      `${describe(request)} failed ${maxAttempts} times; last: ${last}. Nothing was changed; retry the operation later.`,
    );
  }

  return {
    get: (apiVersion, path) => fetchPage({ apiVersion, path }),
    list: (apiVersion, path) => readAllPages(fetchPage, apiVersion, path, maxPages),
  };
}

function describe(request: GraphReadRequest): string {
  return `GET ${request.apiVersion} ${request.path}${request.nextLink === undefined ? '' : ' (a next page)'}`;
}
