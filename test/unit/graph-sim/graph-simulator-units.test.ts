import { describe, expect, it } from 'vitest';
import { createGraphSimulator } from '../../../tools/graph-sim/create-graph-simulator.js';
import { resolveGraphSimulatorOptions } from '../../../tools/graph-sim/graph-simulator-options.js';
import { parseRateLimit } from '../../../tools/graph-sim/parse-rate-limit.js';
import { SlidingWindow } from '../../../tools/graph-sim/sliding-window.js';

describe('parseRateLimit', () => {
  it.each([
    ['100/20s', { count: 100, windowMs: 20_000 }],
    ['5/500ms', { count: 5, windowMs: 500 }],
    ['1000/1m', { count: 1000, windowMs: 60_000 }],
    [' 10 / 1.5s ', { count: 10, windowMs: 1500 }],
  ])('reads %s', (text, expected) => {
    expect(parseRateLimit(text)).toEqual(expected);
  });

  it.each(['100', '100/20', '0/20s', '100/0s', 'ten/20s', '-1/20s'])('refuses %s, naming it', (text) => {
    expect(() => parseRateLimit(text)).toThrow(text.trim() === '' ? /./ : JSON.stringify(text));
  });
});

describe('SlidingWindow', () => {
  it('counts an event until exactly windowMs after it', () => {
    const w = new SlidingWindow({ count: 2, windowMs: 1000 });
    w.record(0);
    w.record(400);
    expect(w.count(999)).toBe(2);
    expect(w.waitMs(999)).toBe(1);
    expect(w.count(1000)).toBe(1);
    expect(w.waitMs(1000)).toBe(0);
  });

  it('remembers the most events seen in one window', () => {
    const w = new SlidingWindow({ count: 3, windowMs: 100 });
    for (const t of [0, 10, 20, 200, 250]) w.record(t);
    expect(w.maxInWindow).toBe(3);
  });

  it('keeps counting correctly across many events', () => {
    const w = new SlidingWindow({ count: 10, windowMs: 100 });
    for (let t = 0; t < 10_000; t += 10) w.record(t);
    expect(w.count(9990)).toBe(10);
    expect(w.waitMs(9990)).toBe(10);
  });
});

describe('graph simulator options', () => {
  it('defaults to Intune documented write limits', () => {
    const o = resolveGraphSimulatorOptions();
    expect(o.writeLimit).toEqual({ perApp: { count: 100, windowMs: 20_000 }, perTenant: { count: 200, windowMs: 20_000 } });
    expect(o.readLimit.perApp).toEqual({ count: 1000, windowMs: 20_000 });
  });

  it.each([
    [{ writeLimit: { perApp: { count: 0, windowMs: 1000 } } }, /writeLimit\.perApp\.count must be a positive integer, got 0/],
    [{ readLimit: { perApp: { count: 1, windowMs: 1.5 } } }, /readLimit\.perApp\.windowMs .* got 1\.5/],
    [{ pageSize: 0 }, /pageSize .* got 0/],
    [{ tokens: {} }, /tokens/],
    [{ tokens: { 'has space': 'app' } }, /"has space"/],
  ])('refuses bad options at construction, naming the value', (options, message) => {
    expect(() => createGraphSimulator(options)).toThrow(message);
  });

  it('refuses to listen twice and closes idempotently', async () => {
    const sim = createGraphSimulator();
    const { url } = await sim.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.url).toBe(url);
    await expect(sim.listen()).rejects.toThrow(/already listening/);
    await sim.close();
    await sim.close();
    expect(sim.url).toBeUndefined();
  });
});
