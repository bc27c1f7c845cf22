import { statusCodeOf } from '../shared/status-code-of.js';
import { sleep as wait } from '../shared/sleep.js';
import { openTable, type Row, type StorageTable } from './storage-kit.js';
import type { Lane } from '../model/job-model.js';
import { BudgetContentionError } from '../ports/budget-contention-error.js';
import { entityToState, stateToEntity } from './budget-entity.js';
import { gcraDecide, gcraRelease, gcraReserve, gcraStatus, returnSpacing, type BudgetStatus, type GcraSettings } from '../model/gcra-decide.js';
import { gcraPause } from '../model/gcra-pause.js';
import { IDLE_GCRA_STATE, type GcraState } from '../model/gcra-state.js';
import type { BudgetClaim, ClaimOptions, RateBudget } from '../ports/rate-budget.js';
import { resolveRateBudgetOptions, type RateBudgetOptions } from '../model/rate-budget-options.js';

/** Options of the Table storage budget, on top of those every budget takes. */
export interface TableRateBudgetOptions extends RateBudgetOptions {
  /**
   * Row key of the budget's entity. Budgets with different names in one table are independent;
   * every instance that spends the same Graph budget must use the same name.
   * @default 'graph-writes'
   */
  readonly name?: string;
  /**
   * Reads and conditional writes one call may make before it gives up with a
   * `BudgetContentionError` because other instances kept changing the budget first.
   * @default 20
   */
  readonly maxAttempts?: number;
}

const PARTITION = 'budget';
const DEFAULT_NAME = 'graph-writes';
const DEFAULT_MAX_ATTEMPTS = 20;
const MAX_BACKOFF_MS = 1000;
/** Table names: 3 to 63 letters and digits, starting with a letter. */
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;
/** Characters Table storage refuses in a row key, and control characters. */
const BAD_KEY_CHARS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

type Change<T> = { readonly result: T; readonly next: GcraState | undefined };
type Decide<T> = (state: GcraState, now: number) => Change<T>;
interface PendingChange {
  readonly decide: Decide<unknown>;
  readonly first: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * RateBudget shared by every instance through one Table storage entity. Each change reads the
 * entity, decides with the same pure function as the in-memory budget and writes back only if
 * nobody wrote in between (ETag); otherwise it decides again on the fresh state. An interactive
 * `wait` writes nothing; a bulk one books a return time in the waiting room.
 *
 * One entity is a point of contention, so each instance keeps it light. Its own claims go to
 * storage together: a worker's many concurrent claims would otherwise race each other for the
 * same ETag, and under load the losers find a new slot in their horizon every time they re-read,
 * so they race again instead of settling. One change at a time is in flight; the claims that
 * arrive meanwhile are decided together in the next one, one after the other on the same read
 * (interactive first), and stored with one conditional write. One at a time each, they queued
 * behind each other for seconds under load (a read and a write each, ten times a second), and
 * a write waited for its booking longer than for its slot. And the instance remembers the newest state
 * it has seen: the stored schedule only ever moves forward, so when that remembered state
 * already tells an interactive claim to wait, the stored one would too, and the answer needs no
 * request at all. Such a wait can be shorter than the stored state would give (another instance
 * may have booked or paused since); the caller then comes back sooner and learns the rest,
 * never too early to send.
 *
 * Instances read the shared schedule against their own clocks, so a host whose clock runs `d`
 * ahead of the others sends up to `d` early against their bookings. Hosts kept in step by NTP
 * differ by milliseconds, which the headroom absorbs (408 ms per window at 100/20s); a clock off
 * by more than an emission interval would let writes through in pairs.
 */
export class TableRateBudget implements RateBudget {
  private readonly table: StorageTable;
  private readonly settings: GcraSettings;
  private readonly clock: () => number;
  private readonly name: string;
  private readonly maxAttempts: number;
  private conflictCount = 0;
  private writeCount = 0;
  /** The latest state this instance has read or written: a lower bound of the stored one. */
  private known: GcraState = IDLE_GCRA_STATE;
  /** Changes waiting for the next round trip, decided together in it. */
  private pending: PendingChange[] = [];
  /** Whether a round trip of queued changes is in flight. */
  private draining = false;

  constructor(connection: string, tableName: string, options: TableRateBudgetOptions) {
    ({ settings: this.settings, clock: this.clock } = resolveRateBudgetOptions(options));
    if (typeof tableName !== 'string' || !TABLE_NAME.test(tableName)) {
      throw new RangeError(`TableRateBudget table name must be 3 to 63 letters and digits starting with a letter, got ${JSON.stringify(tableName)}`);
    }
    const name = options.name ?? DEFAULT_NAME;
    if (typeof name !== 'string' || name.length === 0 || name.length > 512 || BAD_KEY_CHARS.test(name)) {
      throw new RangeError(`TableRateBudget option name must be a valid row key (no / \\ # ? or control characters), got ${JSON.stringify(name)}`);
    }
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`TableRateBudget option maxAttempts must be a whole number of at least 1, got ${String(maxAttempts)}`);
    }
    this.name = name;
    this.maxAttempts = maxAttempts;
    this.table = openTable(connection, tableName);
  }

  /** Conditional writes this instance lost to another writer so far; a measure of contention. */
  get conflicts(): number {
    return this.conflictCount;
  }

  /** Conditional writes this instance made so far, lost ones included; a measure of its storage traffic. */
  get writes(): number {
    return this.writeCount;
  }

  async claim(lane: Lane, options: ClaimOptions = {}): Promise<BudgetClaim> {
    let decidedAt = 0;
    const decide = (state: GcraState, now: number): Change<BudgetClaim> => {
      decidedAt = now;
      const decision = gcraDecide(state, now, lane, this.settings, options.maxDelayMs, options.inTurn);
      return { result: decision.claim, next: decision.next };
    };
    // Interactive waits book nothing, so one the remembered state already implies needs no request.
    const claim = (lane === 'interactive' ? this.waitFromKnown(lane, options) : undefined) ?? (await this.enqueue(decide, lane === 'interactive'));
    // The delay was counted from the decision; the write that booked it took time, and the caller
    // counts from now. Without this every send would be late by that round trip.
    return claim.kind === 'granted' ? { kind: 'granted', delayMs: Math.max(0, claim.delayMs - (this.clock() - decidedAt)) } : claim;
  }

  async reserveReturns(count: number): Promise<{ startMs: number; intervalMs: number }> {
    const startMs = await this.enqueue((state, now) => {
      const { startMs: start, next } = gcraReserve(state, now, count, this.settings);
      return { result: start, next };
    });
    return { startMs, intervalMs: returnSpacing(this.settings) };
  }

  async releaseReturns(endMs: number, count: number): Promise<void> {
    await this.enqueue((state, now) => ({ result: undefined, next: gcraRelease(state, now, endMs, count, this.settings) }));
  }

  /**
   * Not queued behind this instance's claims: under load that queue can be seconds long, and
   * every instance must learn of the pause before its next write, not after.
   */
  async pause(untilMs: number): Promise<void> {
    await this.change((state) => ({ result: undefined, next: gcraPause(state, untilMs) }));
  }

  async pausedFor(): Promise<number> {
    const { state } = await this.readState();
    return Math.max(0, state.pausedUntil - this.clock());
  }

  async status(): Promise<BudgetStatus> {
    const { state } = await this.readState();
    return gcraStatus(state, this.clock(), this.settings);
  }

  /** An interactive `wait` decided on the remembered state, which the stored state can only confirm; else undefined. */
  private waitFromKnown(lane: Lane, options: ClaimOptions): BudgetClaim | undefined {
    const { claim } = gcraDecide(this.known, this.clock(), lane, this.settings, options.maxDelayMs, options.inTurn);
    return claim.kind === 'wait' ? claim : undefined;
  }

  /** Queues a change for the next round trip; `first` changes are decided before the others in it. */
  private enqueue<T>(decide: Decide<T>, first = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ decide, first, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Round trips until nothing is queued, each taking every change queued so far. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        // Interactive claims first: they may book further ahead, and bulk work takes what is left.
        batch.sort((a, b) => Number(b.first) - Number(a.first));
        try {
          const results = await this.changeAll(batch.map((p) => p.decide));
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** One change on its own, not queued behind claims. */
  private async change<T>(decide: Decide<T>): Promise<T> {
    return (await this.changeAll([decide]))[0] as T;
  }

  /**
   * Read, decide each change in turn on the state the one before left, write once if the entity
   * is unchanged; on a lost race decide them all again on fresh state.
   */
  private async changeAll(decides: ReadonlyArray<Decide<unknown>>): Promise<unknown[]> {
    for (let attempt = 1; ; attempt++) {
      const { row, state } = await this.readState();
      // The clock is read after the entity so that the answer is as fresh as the state it is based on.
      const now = this.clock();
      let next: GcraState | undefined;
      const results = decides.map((decide) => {
        const change = decide(next ?? state, now);
        if (change.next) next = change.next;
        return change.result;
      });
      if (!next) return results;
      try {
        const entity = stateToEntity(PARTITION, this.name, next);
        this.writeCount++;
        if (row) await this.table.client.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.table.client.createEntity(entity);
        this.remember(next);
        return results;
      } catch (error) {
        if (!isLostRace(error, row !== undefined)) throw error;
        this.conflictCount++;
        if (attempt >= this.maxAttempts) throw new BudgetContentionError(this.label, attempt);
        await wait(conflictBackoff(attempt, this.settings.intervalMs));
      }
    }
  }

  private async readState(): Promise<{ row: Row | undefined; state: GcraState }> {
    const row = await this.read();
    const state = row ? entityToState(row, this.label) : IDLE_GCRA_STATE;
    this.remember(state);
    return { row, state };
  }

  /**
   * Both moments only ever move forward, so the newest of everything seen is still a lower bound.
   * (Deleting the entity by hand resets the stored budget below it; instances then wait at most
   * until the schedule they remember, which is never more than a horizon or a pause ahead.)
   */
  private remember(state: GcraState): void {
    this.known = {
      tat: Math.max(this.known.tat, state.tat),
      pausedUntil: Math.max(this.known.pausedUntil, state.pausedUntil),
      waitTat: Math.max(this.known.waitTat, state.waitTat),
    };
  }

  private get label(): string {
    return `${PARTITION}/${this.name}`;
  }

  private read(): Promise<Row | undefined> {
    return this.table.read(PARTITION, this.name);
  }
}

/**
 * 412: the entity changed since it was read. 409: another instance created it first. 404 on a
 * replace: it was deleted since it was read (on a create, 404 means the table is gone, which a
 * retry cannot mend). Each race means: read again and decide on what is there now.
 */
function isLostRace(error: unknown, replacing: boolean): boolean {
  const status = statusCodeOf(error);
  return status === 412 || status === 409 || (replacing && status === 404);
}

/**
 * Losing a race means another instance just booked a slot; the next one opens about an emission
 * interval later. Spreading the losers at random over that interval, doubling per loss, lets
 * them come back one at a time. A shorter, fixed backoff keeps dozens of instances re-reading in
 * step, and each re-read finds a newly opened slot and races again instead of settling.
 */
function conflictBackoff(attempt: number, intervalMs: number): number {
  return Math.random() * Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** (attempt - 1));
}
