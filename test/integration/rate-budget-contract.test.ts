import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { BudgetContentionError } from '../../src/ports/budget-contention-error.js';
import { gcraDecide } from '../../src/model/gcra-decide.js';
import { IDLE_GCRA_STATE } from '../../src/model/gcra-state.js';
import { MemoryRateBudget } from '../../src/memory/memory-rate-budget.js';
import type { BudgetClaim, RateBudget } from '../../src/ports/rate-budget.js';
import { resolveRateBudgetOptions, type RateBudgetOptions } from '../../src/model/rate-budget-options.js';
import { TableRateBudget, type TableRateBudgetOptions } from '../../src/storage/table-rate-budget.js';
import { isInsecureConnection } from '../../src/config/storage-connection.js';
import type { Lane } from '../../src/model/job-model.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

/** A budget on storage of its own, and a way to open that storage again as another process would. */
interface Fixture {
  readonly budget: RateBudget;
  /** Undefined where instances cannot share state (in memory, sharing means sharing the object). */
  readonly reopen: ((options: RateBudgetOptions) => RateBudget) | undefined;
}

interface TableFixture extends Fixture {
  readonly reopen: (o: TableRateBudgetOptions) => TableRateBudget;
  /** The budget's table, to look at (or plant) the entity as stored. */
  readonly table: TableClient;
}

function tableFixture(options: RateBudgetOptions): TableFixture {
  const connection = inject('storageConnection');
  const tableName = `${uniquePrefix('budget')}budget`;
  const open = (o: TableRateBudgetOptions) => new TableRateBudget(connection, tableName, o);
  const table = TableClient.fromConnectionString(connection, tableName, { allowInsecureConnection: isInsecureConnection(connection) });
  return { budget: open(options), reopen: open, table };
}

/** The budget's entity as stored under its default name. */
function storedBudget(table: TableClient) {
  return table.getEntity<Record<string, unknown>>('budget', 'graph-writes');
}

const implementations: Array<[string, (options: RateBudgetOptions) => Fixture]> = [
  ['in memory', (options) => ({ budget: new MemoryRateBudget(options), reopen: undefined })],
  ['on Table storage (Azurite)', tableFixture],
];

const T0 = 1_750_000_000_000;
/** Ten writes a second without headroom: one slot every 100 ms, easy to reason about. */
const TEN_PER_SECOND = { rate: { count: 10, windowMs: 1000 }, headroom: 0 };

function handClock(start = T0) {
  let now = start;
  return { clock: () => now, set: (t: number) => (now = t), advance: (ms: number) => (now += ms) };
}

async function claimInTurn(budget: RateBudget, lanes: readonly Lane[]): Promise<BudgetClaim[]> {
  const answers: BudgetClaim[] = [];
  for (const lane of lanes) answers.push(await budget.claim(lane));
  return answers;
}

const granted = (delayMs: number): BudgetClaim => ({ kind: 'granted', delayMs });
const wait = (waitMs: number): BudgetClaim => ({ kind: 'wait', waitMs });

/** The most sends found in any window `[t, t + windowMs)` that starts at a send. */
function busiestWindow(sends: readonly number[], windowMs: number): number {
  const sorted = [...sends].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `count` claimers over the budgets for `durationMs` of real time, each behaving as a worker:
 * on `wait` it stays away as told, on a grant it sleeps the delay and sends. Returns the send times.
 */
async function runClaimers(budgets: readonly RateBudget[], count: number, durationMs: number): Promise<number[]> {
  const sends: number[] = [];
  const deadline = Date.now() + durationMs;
  const claimer = async (budget: RateBudget, lane: Lane) => {
    while (Date.now() < deadline) {
      const answer = await budget.claim(lane);
      if (answer.kind === 'wait') {
        // A return time past the end of the run would only keep the test waiting.
        await sleep(Math.min(answer.waitMs, deadline - Date.now()));
        continue;
      }
      // Measured as a worker sends: the delay counted from the moment the answer arrived.
      sends.push(Date.now() + answer.delayMs);
      await sleep(answer.delayMs);
    }
  };
  await Promise.all(
    Array.from({ length: count }, (_, i) => claimer(budgets[i % budgets.length] as RateBudget, i % 4 === 0 ? 'interactive' : 'bulk')),
  );
  return sends;
}

function conflictsOf(budgets: readonly RateBudget[]): number {
  return budgets.reduce((sum, b) => sum + (b instanceof TableRateBudget ? b.conflicts : 0), 0);
}

describe.each(implementations)('RateBudget %s', (_, open) => {
  it('grants the first claim at once', async () => {
    const { budget } = open({ rate: { count: 100, windowMs: 20_000 } });
    expect(await budget.claim('bulk')).toEqual(granted(0));
  });

  it('books consecutive claims exactly one emission interval apart, up to the horizon', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    const answers = await claimInTurn(budget, Array<Lane>(12).fill('interactive'));
    expect(answers).toEqual([...Array.from({ length: 11 }, (_, i) => granted(i * 100)), wait(100)]);
  });

  it('keeps fractional slot times exact, answering as the pure decision does step by step', async () => {
    const options: RateBudgetOptions = { rate: { count: 100, windowMs: 20_000 } };
    const time = handClock();
    const { budget } = open({ ...options, clock: time.clock });
    const { settings } = resolveRateBudgetOptions(options);
    expect(Number.isInteger(settings.intervalMs)).toBe(false);
    let state = IDLE_GCRA_STATE;
    const steps: Array<[number, Lane]> = [[0, 'bulk'], [0, 'bulk'], [7, 'interactive'], [0, 'interactive'], [350, 'bulk'], [13, 'bulk'], [0, 'interactive'], [2, 'interactive'], [9000, 'bulk'], [1, 'bulk']];
    for (const [advance, lane] of steps) {
      time.advance(advance);
      const expected = gcraDecide(state, time.clock(), lane, settings);
      state = expected.next ?? state;
      expect(await budget.claim(lane)).toEqual(expected.claim);
    }
  });

  it('never grants more than the budget in any window, with many concurrent claimers', async (context) => {
    const rate = { count: 20, windowMs: 2000 };
    const fixture = open({ rate });
    // Where instances can share, the claimers are spread over several of them, as workers would be.
    const budgets = fixture.reopen ? [fixture.budget, ...Array.from({ length: 3 }, () => fixture.reopen!({ rate }))] : [fixture.budget];
    const sends = await runClaimers(budgets, 40, 3000);
    const busiest = busiestWindow(sends, rate.windowMs);
    await context.annotate(`${sends.length} grants, busiest window ${busiest}, ${conflictsOf(budgets)} ETag conflicts`);
    expect(busiest).toBeLessThanOrEqual(rate.count);
    // The budget was used, not just respected.
    expect(busiest).toBeGreaterThanOrEqual(rate.count - 2);
  });

  it('gives bulk claims beyond their horizon return times one interval apart, and books no write slot for them', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    expect(await claimInTurn(budget, Array<Lane>(9).fill('bulk'))).toEqual([
      ...Array.from({ length: 6 }, (_, i) => granted(i * 100)),
      // The first returns at its slot, the next free one on the schedule.
      wait(600),
      wait(700),
      wait(800),
    ]);
    // Had the waiting claims booked a write slot, this one would lie further out than 600 ms.
    expect(await budget.claim('interactive')).toEqual(granted(600));
  });

  it('finds the slot at its return time for each turned-away bulk claim that claims half a second before it, when nothing else arrives', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    const answers = await claimInTurn(budget, Array<Lane>(10).fill('bulk'));
    const returns = answers.flatMap((a) => (a.kind === 'wait' ? [T0 + a.waitMs] : []));
    expect(returns).toEqual([T0 + 600, T0 + 700, T0 + 800, T0 + 900]);
    for (const at of returns) {
      // Half a second is the bulk horizon, so the slot at the return time can be booked then.
      time.set(at - 500);
      expect(await budget.claim('bulk')).toEqual(granted(500));
    }
  });

  it('does not queue interactive claims behind bulk return times, and books nothing for an interactive wait', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    // Six bulk claims fill the bulk horizon; the other 24 are handed return times up to 2.9 s out.
    const bulk = await claimInTurn(budget, Array<Lane>(30).fill('bulk'));
    expect(bulk.at(-1)).toEqual(wait(2900));
    expect(await claimInTurn(budget, Array<Lane>(7).fill('interactive'))).toEqual([
      ...[600, 700, 800, 900, 1000].map(granted),
      wait(100),
      wait(100),
    ]);
    // Neither the interactive grants nor the waits moved the waiting room.
    expect(await budget.claim('bulk')).toEqual(wait(3000));
    time.set(T0 + 100);
    expect(await budget.claim('interactive')).toEqual(granted(1000));
  });

  it('grants an interactive claim where a bulk claim at the same moment would wait', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, horizons: { interactive: 600, bulk: 150 }, clock: time.clock });
    await claimInTurn(budget, ['interactive', 'interactive', 'interactive']);
    expect(await budget.claim('bulk')).toEqual(wait(300));
    expect(await budget.claim('interactive')).toEqual(granted(300));
  });

  it('makes every claim wait until a pause ends, reports it in pausedFor, then restarts the schedule', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    expect(await budget.pausedFor()).toBe(0);
    await budget.claim('bulk');
    await budget.pause(T0 + 5000);
    expect(await budget.pausedFor()).toBe(5000);
    // Interactive work may book a horizon ahead of the end; bulk work is told to return no earlier than the end.
    expect(await claimInTurn(budget, ['interactive', 'bulk'])).toEqual([wait(4000), wait(5000)]);
    time.set(T0 + 4500);
    expect(await budget.pausedFor()).toBe(500);
    // The bulk claim returns at its slot, after the two interactive grants, not at the waiting room's next time.
    expect(await claimInTurn(budget, ['interactive', 'interactive', 'bulk'])).toEqual([granted(500), granted(600), wait(700)]);
    time.set(T0 + 6000);
    expect(await budget.pausedFor()).toBe(0);
  });

  it('shows its pause and the return times still ahead in its status', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    expect(await budget.status()).toEqual({ pausedForMs: 0, backlog: 0, backlogMs: 0 });
    await budget.reserveReturns(20);
    expect(await budget.status()).toEqual({ pausedForMs: 0, backlog: 20, backlogMs: 2000 });
    time.set(T0 + 500);
    await budget.pause(T0 + 1500);
    // The pause pushes the waiting room back no further than it already reached.
    expect(await budget.status()).toEqual({ pausedForMs: 1000, backlog: 5, backlogMs: 1500 });
  });

  it('keeps independent schedules under different names in one table', async (context) => {
    const time = handClock();
    const options = { ...TEN_PER_SECOND, clock: time.clock };
    const { reopen } = open(options);
    if (!reopen) return context.skip('in memory, every budget is its own object');
    const compliance = (reopen as (o: TableRateBudgetOptions) => RateBudget)({ ...options, name: 'graph-writes-deviceConfiguration' });
    const catalog = (reopen as (o: TableRateBudgetOptions) => RateBudget)({ ...options, name: 'graph-writes-deviceConfigV2' });
    expect(await claimInTurn(compliance, ['interactive', 'interactive'])).toEqual([granted(0), granted(100)]);
    await compliance.pause(T0 + 3000);
    expect(await catalog.claim('interactive')).toEqual(granted(0));
    expect(await catalog.pausedFor()).toBe(0);
    expect(await compliance.pausedFor()).toBe(3000);
  });

  it('keeps the later of two pause ends', async () => {
    const time = handClock();
    const { budget } = open({ ...TEN_PER_SECOND, clock: time.clock });
    await budget.pause(T0 + 8000);
    await budget.pause(T0 + 3000);
    expect(await budget.pausedFor()).toBe(8000);
  });

  it('refuses a pause that does not end at a finite time, and stays unpaused', async () => {
    const { budget } = open({ ...TEN_PER_SECOND, clock: handClock().clock });
    await expect(budget.pause(Number.NaN)).rejects.toThrow(RangeError);
    expect(await budget.pausedFor()).toBe(0);
    expect(await budget.claim('bulk')).toEqual(granted(0));
  });

  it('shares one budget between two instances on the same storage', async (context) => {
    const time = handClock();
    const options = { ...TEN_PER_SECOND, clock: time.clock };
    const { budget: first, reopen } = open(options);
    if (!reopen) return context.skip('instances in memory share nothing; one object is shared instead');
    const second = reopen(options);
    expect(await first.claim('interactive')).toEqual(granted(0));
    expect(await second.claim('interactive')).toEqual(granted(100));
    expect(await first.claim('interactive')).toEqual(granted(200));
    await second.pause(T0 + 2000);
    expect(await first.pausedFor()).toBe(2000);
    expect(await first.claim('bulk')).toEqual(wait(2000));
    expect(await second.claim('bulk')).toEqual(wait(2100));
  });
});

describe('TableRateBudget', () => {
  it('gives up with a BudgetContentionError once its conditional writes keep losing', async () => {
    const time = handClock();
    // Every claim books (the horizon is far away), so instances claiming at once all race to write.
    const options = { rate: { count: 100, windowMs: 1000 }, horizons: { interactive: 60_000 }, clock: time.clock, maxAttempts: 1 };
    const { reopen } = tableFixture(options);
    const budgets = Array.from({ length: 10 }, () => reopen(options));
    const results = await Promise.allSettled(budgets.map((b) => b.claim('interactive')));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error).toBeInstanceOf(BudgetContentionError);
      expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('after 1 attempts') });
    }
    expect(conflictsOf(budgets)).toBe(refused.length);
    // The winners booked distinct slots: a lost race never double-books.
    const delays = results.flatMap((r) => (r.status === 'fulfilled' && r.value.kind === 'granted' ? [r.value.delayMs] : []));
    expect(new Set(delays).size).toBe(delays.length);
  });

  it('books the claims one instance makes at once together, in few writes, interactive ones first', async () => {
    const time = handClock();
    const options = { ...TEN_PER_SECOND, horizons: { bulk: 1000 }, clock: time.clock };
    const { reopen } = tableFixture(options);
    const budget = reopen(options);
    const lanes: Lane[] = ['bulk', 'bulk', 'bulk', 'interactive', 'bulk', 'interactive', 'bulk', 'bulk'];
    const answers = await Promise.all(lanes.map((lane) => budget.claim(lane)));
    const delays = answers.map((a) => (a.kind === 'granted' ? a.delayMs : -1));
    // Every claim got a slot of its own, on the schedule one interval apart...
    expect([...delays].sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    // ...the interactive ones the earliest but one (the first claim went alone, before the rest queued)...
    expect(Math.max(delays[3]!, delays[5]!)).toBeLessThan(Math.min(...delays.filter((_, i) => i > 0 && lanes[i] === 'bulk')));
    // ...and the claims that queued behind the first were stored in one write.
    expect(budget.writes).toBe(2);
  });

  it('stays within the budget and settles its races when every claimer is an instance of its own', async (context) => {
    const rate = { count: 20, windowMs: 2000 };
    const { budget, reopen } = tableFixture({ rate });
    const budgets = [budget, ...Array.from({ length: 39 }, () => reopen({ rate }))];
    // A BudgetContentionError would reject this: losers must come back spread out, not in step.
    const sends = await runClaimers(budgets, 40, 2500);
    const busiest = busiestWindow(sends, rate.windowMs);
    await context.annotate(`${sends.length} grants, busiest window ${busiest}, ${conflictsOf(budgets)} ETag conflicts`);
    expect(busiest).toBeLessThanOrEqual(rate.count);
    expect(busiest).toBeGreaterThanOrEqual(rate.count - 2);
  });

  it('hands out waiting-room return times one interval apart across instances sharing the table', async () => {
    const time = handClock();
    const options = { ...TEN_PER_SECOND, clock: time.clock };
    const { budget: first, reopen, table } = tableFixture(options);
    const second = reopen(options);
    await claimInTurn(first, Array<Lane>(6).fill('bulk'));
    // Each instance's own record of the waiting room is behind the stored one when it claims next.
    expect(await first.claim('bulk')).toEqual(wait(600));
    expect(await second.claim('bulk')).toEqual(wait(700));
    expect(await first.claim('bulk')).toEqual(wait(800));
    expect(await second.claim('bulk')).toEqual(wait(900));
    const stored = await storedBudget(table);
    expect(stored).toMatchObject({ tat: T0 + 600, pausedUntil: 0, waitTat: T0 + 1000 });
    // A third instance, started afresh, continues the same waiting room.
    expect(await reopen(options).claim('bulk')).toEqual(wait(1000));
  });

  it('answers an interactive wait without writing to storage, but stores every bulk return time', async () => {
    const time = handClock();
    const options = { ...TEN_PER_SECOND, clock: time.clock };
    const { budget, table } = tableFixture(options);
    await claimInTurn(budget, Array<Lane>(11).fill('interactive'));
    const full = await storedBudget(table);
    expect(await claimInTurn(budget, ['interactive', 'interactive'])).toEqual([wait(100), wait(100)]);
    expect((await storedBudget(table)).etag).toBe(full.etag);
    expect(await budget.claim('bulk')).toEqual(wait(1100));
    const afterBulk = await storedBudget(table);
    expect(afterBulk.etag).not.toBe(full.etag);
    expect(afterBulk).toMatchObject({ tat: T0 + 1100, waitTat: T0 + 1200 });
  });

  it('reads a budget entity stored without a waiting room as one with an empty waiting room', async () => {
    const time = handClock();
    const options = { ...TEN_PER_SECOND, clock: time.clock };
    const { budget, table } = tableFixture(options);
    await table.createTable();
    // As the version before the waiting room wrote it: the schedule and the pause only.
    await table.createEntity({
      partitionKey: 'budget',
      rowKey: 'graph-writes',
      tat: { value: T0 + 600, type: 'Double' },
      pausedUntil: { value: T0 - 1000, type: 'Double' },
    });
    expect(await budget.claim('bulk')).toEqual(wait(600));
    expect(await budget.claim('bulk')).toEqual(wait(700));
    expect(await budget.claim('interactive')).toEqual(granted(600));
    expect(await storedBudget(table)).toMatchObject({ tat: T0 + 700, pausedUntil: T0 - 1000, waitTat: T0 + 800 });
  });

  it('refuses a table name Table storage would refuse, naming it', () => {
    expect(() => new TableRateBudget(inject('storageConnection'), 'no-dashes', { rate: { count: 1, windowMs: 1000 } })).toThrow(
      'TableRateBudget table name must be 3 to 63 letters and digits starting with a letter, got "no-dashes"',
    );
  });
});
