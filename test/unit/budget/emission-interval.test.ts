import { describe, expect, it } from 'vitest';
import { emissionInterval } from '../../../src/model/emission-interval.js';

describe('emissionInterval', () => {
  it("spaces Graph's 100 writes per 20 s as 98 per 20 s with the default 2 % headroom", () => {
    const interval = emissionInterval({ count: 100, windowMs: 20_000 }, 0.02);
    expect(interval).toBeGreaterThanOrEqual(20_000 / 98);
    expect(interval).toBeLessThan(20_000 / 98 + 1 / 1024);
  });

  it('rounds the interval up to a binary fraction, so that adding it to a ms epoch is exact', () => {
    const interval = emissionInterval({ count: 3, windowMs: 1000 }, 0);
    expect(interval * 1024).toBe(Math.round(interval * 1024));
    const t0 = 1_750_000_000_000;
    let tat = t0;
    for (let i = 0; i < 3; i++) tat += interval;
    expect(tat - t0).toBeGreaterThanOrEqual(1000);
  });

  it('spends the whole budget when there is no headroom', () => {
    expect(emissionInterval({ count: 20, windowMs: 2000 }, 0)).toBe(100);
  });

  it('never spaces writes closer than the budget allows, whatever the headroom', () => {
    for (const count of [1, 2, 3, 7, 49, 50, 51, 100, 200, 1000]) {
      for (const headroom of [0, 0.01, 0.02, 0.1, 0.5]) {
        expect(emissionInterval({ count, windowMs: 20_000 }, headroom)).toBeGreaterThanOrEqual(20_000 / count);
      }
    }
  });

  it('keeps one write per window for a budget too small to leave headroom in', () => {
    expect(emissionInterval({ count: 1, windowMs: 1000 }, 0.02)).toBe(1000);
  });
});
