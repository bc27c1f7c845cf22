import { describe, expect, it, vi } from 'vitest';
import { emissionInterval } from '../../../src/model/emission-interval.js';
import { MemoryRateBudget } from '../../../src/memory/memory-rate-budget.js';
import type { BudgetClaim, RateBudget } from '../../../src/ports/rate-budget.js';
import { familyBudgets } from '../../../src/ports/family-budgets.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';
import { createBudgetedGraphReader, type BudgetedGraphReaderOptions } from '../../../src/graph/budgeted-graph-reader.js';
import { GraphReadError } from '../../../src/ports/graph-read-error.js';
import type { GraphReadAttempt, GraphReadRequest, GraphReadTransport } from '../../../src/ports/graph-read-transport.js';

const PATH = '/deviceManagement/deviceConfigurations';
const START = Date.parse('2026-01-01T00:00:00Z');

type Answer = (request: GraphReadRequest) => GraphReadAttempt;

const ok = (body: unknown): Answer => () => ({
  kind: 'response', status: 200, body, requestId: 'rid-ok', clientRequestId: 'c', retryAfterMs: undefined, errorCode: undefined, errorMessage: undefined,
});
const fail = (status: number, errorCode?: string, retryAfterMs?: number): Answer => () => ({
  kind: 'response', status, body: undefined, requestId: `rid-${status}`, clientRequestId: 'c', retryAfterMs, errorCode, errorMessage: errorCode && `${errorCode} happened.`,
});
const network = (reason: 'timeout' | 'connection'): Answer => () => ({ kind: 'network', reason, message: `${reason} (simulated)`, clientRequestId: 'c' });

/** Answers GETs from a script, recording when each was sent by the fake clock. */
class ScriptedTransport implements GraphReadTransport {
  readonly sent: Array<{ request: GraphReadRequest; at: number }> = [];
  private readonly script: Answer[] = [];
  constructor(private readonly clock: () => number) {}
  answer(...answers: Answer[]): this {
    this.script.push(...answers);
    return this;
  }
  async send(request: GraphReadRequest): Promise<GraphReadAttempt> {
    this.sent.push({ request, at: this.clock() });
    return (this.script.shift() ?? ok({ id: 'default' }))(request);
  }
}

const RATE = { count: 1000, windowMs: 20_000 };

/** One budget for every throttling family, as with GRAPH_BUDGET_SCOPE=shared. */
const shared = (budget: RateBudget) => familyBudgets('shared', () => budget);
const IDLE_STATUS = { pausedForMs: 0, backlog: 0, backlogMs: 0 };

/** A reader on a fake clock that only moves when the reader sleeps, so nothing waits for real. */
function setup(options: Partial<BudgetedGraphReaderOptions> & { rate?: typeof RATE; horizonMs?: number; budget?: RateBudget } = {}) {
  let now = START;
  const clock = () => now;
  const sleep = async (ms: number) => {
    now += ms;
  };
  const budget =
    options.budget ?? new MemoryRateBudget({ rate: options.rate ?? RATE, clock, horizons: { interactive: options.horizonMs ?? 1000 } });
  const transport = new ScriptedTransport(clock);
  const reader = createBudgetedGraphReader({ reader: transport, budgets: shared(budget), sleep, clock, random: () => 0.5, ...options });
  return { reader, transport, budget, clock, advance: (ms: number) => void (now += ms) };
}

describe('createBudgetedGraphReader', () => {
  it('claims an interactive read slot before every request, each page of a collection included', async () => {
    const { reader, transport, budget } = setup();
    const claim = vi.spyOn(budget, 'claim');
    transport.answer(
      ok({ value: [{ id: 'a' }], '@odata.nextLink': 'link-2' }),
      ok({ value: [{ id: 'b' }], '@odata.nextLink': 'link-3' }),
      ok({ value: [{ id: 'c' }] }),
    );
    const result = await reader.list('beta', PATH);
    expect(result).toEqual({ ok: true, value: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(transport.sent.map((s) => s.request)).toEqual([
      { apiVersion: 'beta', path: PATH },
      { apiVersion: 'beta', path: PATH, nextLink: 'link-2' },
      { apiVersion: 'beta', path: PATH, nextLink: 'link-3' },
    ]);
    expect(claim).toHaveBeenCalledTimes(3);
    expect(claim.mock.calls.every(([lane]: [string, ...unknown[]]) => lane === 'interactive')).toBe(true);
  });

  it('sends each read at the slot the budget booked for it', async () => {
    const rate = { count: 1, windowMs: 1000 };
    const { reader, transport } = setup({ rate, horizonMs: 5000 });
    await reader.get('beta', `${PATH}/p1`);
    await reader.get('beta', `${PATH}/p2`);
    await reader.get('beta', `${PATH}/p3`);
    const interval = emissionInterval(rate, 0.02);
    const at = transport.sent.map((s) => s.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(interval);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(interval);
  });

  it.each([429, 503, 504])('on %i with Retry-After pauses the read budget until then and sends again only after it', async (status) => {
    const { reader, transport, budget } = setup();
    const pause = vi.spyOn(budget, 'pause');
    transport.answer(fail(status, 'TooManyRequests', 3000), ok({ id: 'p1' }));
    const result = await reader.get('beta', `${PATH}/p1`);
    expect(result).toEqual({ ok: true, value: { id: 'p1' } });
    const [first, second] = transport.sent;
    expect(pause).toHaveBeenCalledWith(first!.at + 3000);
    expect(second!.at).toBeGreaterThanOrEqual(first!.at + 3000);
  });

  it('holds every read back while the budget is paused, also by another instance', async () => {
    const { reader, transport, budget, clock } = setup();
    const pausedUntil = clock() + 4000;
    await budget.pause(pausedUntil);
    await reader.get('beta', `${PATH}/p1`);
    expect(transport.sent[0]!.at).toBeGreaterThanOrEqual(pausedUntil);
  });

  it('never sends before a Retry-After even when the budget would let it', async () => {
    const generous: RateBudget = {
      claim: async (): Promise<BudgetClaim> => ({ kind: 'granted', delayMs: 0 }),
      reserveReturns: async () => ({ startMs: 0, intervalMs: 0 }),
      releaseReturns: async () => {},
      pause: async () => {},
      pausedFor: async () => 0,
      status: async () => IDLE_STATUS,
    };
    const { reader, transport } = setup({ budget: generous });
    transport.answer(fail(429, 'TooManyRequests', 2000), ok({ id: 'p1' }));
    await reader.get('beta', `${PATH}/p1`);
    expect(transport.sent[1]!.at - transport.sent[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  it('holds back a read that was already waiting for its slot when another read was throttled', async () => {
    let now = START;
    const clock = () => now;
    // Each sleep yields to other tasks first, so the throttled answer is handled while the slot is awaited.
    const sleep = async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    };
    let claims = 0;
    const budget: RateBudget = {
      claim: async (): Promise<BudgetClaim> => ({ kind: 'granted', delayMs: claims++ === 0 ? 0 : 10 }),
      reserveReturns: async () => ({ startMs: 0, intervalMs: 0 }),
      releaseReturns: async () => {},
      pause: async () => {},
      pausedFor: async () => 0,
      status: async () => IDLE_STATUS,
    };
    const transport = new ScriptedTransport(clock).answer(fail(429, 'TooManyRequests', 3000), ok({}), ok({}));
    const reader = createBudgetedGraphReader({ reader: transport, budgets: shared(budget), sleep, clock });
    await Promise.all([reader.get('beta', `${PATH}/a`), reader.get('beta', `${PATH}/b`)]);
    const throttledAt = transport.sent[0]!.at;
    expect(transport.sent[0]!.request.path).toBe(`${PATH}/a`);
    expect(transport.sent.slice(1).map((s) => s.request.path).sort()).toEqual([`${PATH}/a`, `${PATH}/b`]);
    expect(transport.sent.slice(1).every((s) => s.at >= throttledAt + 3000)).toBe(true);
  });

  it('retries 5xx, throttling without Retry-After, timeouts and connection failures after a full-jitter backoff, without pausing the budget', async () => {
    const { reader, transport, budget } = setup({ maxAttempts: 5 });
    const pause = vi.spyOn(budget, 'pause');
    transport.answer(fail(500, 'generalException'), fail(429), network('timeout'), network('connection'), ok({ id: 'p1' }));
    const result = await reader.get('beta', `${PATH}/p1`);
    expect(result).toEqual({ ok: true, value: { id: 'p1' } });
    expect(transport.sent).toHaveLength(5);
    const gaps = transport.sent.slice(1).map((s, i) => s.at - transport.sent[i]!.at);
    // random() = 0.5 of a ceiling that doubles from 500 ms: 250, 500, 1000, 2000.
    expect(gaps[0]).toBeGreaterThanOrEqual(250);
    expect(gaps[1]).toBeGreaterThanOrEqual(500);
    expect(gaps[2]).toBeGreaterThanOrEqual(1000);
    expect(gaps[3]).toBeGreaterThanOrEqual(2000);
    expect(pause).not.toHaveBeenCalled();
  });

  it.each([
    [400, 'BadRequest'],
    [403, 'Forbidden'],
    [404, 'ResourceNotFound'],
  ])('returns a %i as Graph refusing, without retrying', async (status, code) => {
    const { reader, transport } = setup();
    transport.answer(fail(status, code));
    const result = await reader.get('beta', `${PATH}/p1`);
    expect(result).toEqual({ ok: false, status, errorCode: code, errorMessage: `${code} happened.`, requestId: `rid-${status}` });
    expect(transport.sent).toHaveLength(1);
  });

  it('returns a refusal on a later page of a collection as the answer of the list', async () => {
    const { reader, transport } = setup();
    transport.answer(ok({ value: [{ id: 'a' }], '@odata.nextLink': 'link-2' }), fail(404, 'ResourceNotFound'));
    const result = await reader.list('beta', PATH);
    expect(result).toMatchObject({ ok: false, status: 404, errorCode: 'ResourceNotFound' });
  });

  it('throws GraphReadError naming the path, status and Graph error code after the last attempt', async () => {
    const { reader, transport } = setup({ maxAttempts: 3 });
    transport.answer(fail(503, 'ServiceUnavailable'), fail(503, 'ServiceUnavailable'), fail(503, 'ServiceUnavailable'));
    const error = await reader.get('beta', `${PATH}/p1`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphReadError);
    expect((error as Error).message).toContain(`GET beta ${PATH}/p1`);
    expect((error as Error).message).toContain('503 ServiceUnavailable');
    expect((error as Error).message).toContain('retry the operation later');
    expect(transport.sent).toHaveLength(3);
  });

  it('retries by default up to four attempts', async () => {
    const { reader, transport } = setup();
    transport.answer(...Array.from({ length: 10 }, () => network('connection')));
    await expect(reader.get('beta', PATH)).rejects.toBeInstanceOf(GraphReadError);
    expect(transport.sent).toHaveLength(4);
  });

  it('retries only the failing page of a collection, not the pages before it', async () => {
    const { reader, transport } = setup();
    transport.answer(ok({ value: [{ id: 'a' }], '@odata.nextLink': 'link-2' }), fail(504, 'GatewayTimeout'), ok({ value: [{ id: 'b' }] }));
    const result = await reader.list('beta', PATH);
    expect(result).toEqual({ ok: true, value: [{ id: 'a' }, { id: 'b' }] });
    expect(transport.sent.map((s) => s.request.nextLink)).toEqual([undefined, 'link-2', 'link-2']);
  });

  it('throws at once when Graph asks for a longer wait than reads sit out, after pausing the budget for everyone', async () => {
    const { reader, transport, budget } = setup({ maxWaitMs: 30_000 });
    transport.answer(fail(429, 'TooManyRequests', 120_000));
    const error = await reader.get('beta', PATH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphReadError);
    expect((error as Error).message).toMatch(/asked to wait 120 s/);
    expect(transport.sent).toHaveLength(1);
    expect(await budget.pausedFor()).toBeGreaterThan(100_000);
  });

  it('throws without sending when the budget has no slot within maxWaitMs', async () => {
    const { reader, transport, budget, clock } = setup({ maxWaitMs: 10_000 });
    await budget.pause(clock() + 60_000);
    const error = await reader.get('beta', PATH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphReadError);
    expect((error as Error).message).toContain('read budget had no slot');
    expect(transport.sent).toHaveLength(0);
  });

  it('refuses options that cannot work, naming the value', () => {
    const transport = new ScriptedTransport(Date.now);
    const budgets = shared(new MemoryRateBudget({ rate: RATE }));
    expect(() => createBudgetedGraphReader({ reader: transport, budgets, maxAttempts: 0 })).toThrow(/maxAttempts.*got 0/);
    expect(() => createBudgetedGraphReader({ reader: transport, budgets, maxWaitMs: -1 })).toThrow(/maxWaitMs.*got -1/);
    expect(() => createBudgetedGraphReader({ reader: transport, budgets, maxPages: 0 })).toThrow(/maxPages.*got 0/);
  });

  it('reads each throttling family on its own budget: a 429 in one family holds back only that family', async () => {
    let now = START;
    const clock = () => now;
    const sleep = async (ms: number) => void (now += ms);
    const budgets = memoryBudgets({ rate: RATE, clock });
    const transport = new ScriptedTransport(clock).answer(fail(429, 'TooManyRequests', 5000), ok({ id: 'catalog' }), ok({ id: 'config' }));
    const reader = createBudgetedGraphReader({ reader: transport, budgets, sleep, clock, maxWaitMs: 1000 });
    // Graph asks for 5 s, longer than this reader waits inline: it gives up and leaves the pause behind.
    await expect(reader.get('beta', `${PATH}/p1`)).rejects.toBeInstanceOf(GraphReadError);
    expect(await budgets.of('deviceConfiguration').pausedFor()).toBe(5000);
    expect(await budgets.of('deviceConfigV2').pausedFor()).toBe(0);
    // The settings catalog (deviceConfigV2) is read at once; device configurations wait for the pause.
    const startedAt = now;
    expect(await reader.get('beta', '/deviceManagement/configurationPolicies/c1')).toEqual({ ok: true, value: { id: 'catalog' } });
    expect(transport.sent[1]!.at).toBe(startedAt);
    await expect(reader.get('beta', `${PATH}/p2`)).rejects.toThrow(/asked this app to wait|no slot/);
    expect(transport.sent).toHaveLength(2);
  });

  it('refuses to read a path outside the catalog\'s policy collections', async () => {
    const { reader, transport } = setup();
    await expect(reader.get('beta', '/users')).rejects.toThrow(/outside the catalog/);
    expect(transport.sent).toHaveLength(0);
  });
});
