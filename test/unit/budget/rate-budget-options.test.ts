import { describe, expect, it } from 'vitest';
import { resolveRateBudgetOptions, type RateBudgetOptions } from '../../../src/model/rate-budget-options.js';

const rate = { count: 100, windowMs: 20_000 };

describe('resolveRateBudgetOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveRateBudgetOptions({ rate });
    expect(resolved.settings).toEqual({ intervalMs: 208_980 / 1024, horizons: { interactive: 1000, bulk: 500 }, catchUpMs: 0, returnPace: 1 });
    expect(resolved.clock).toBe(Date.now);
  });

  it('keeps the default for a lane whose horizon is not given', () => {
    expect(resolveRateBudgetOptions({ rate, horizons: { bulk: 0 } }).settings.horizons).toEqual({ interactive: 1000, bulk: 0 });
    expect(resolveRateBudgetOptions({ rate, horizons: { interactive: 0 } }).settings.horizons).toEqual({ interactive: 0, bulk: 500 });
  });

  it.each<[string, Partial<RateBudgetOptions> & Record<string, unknown>, string]>([
    ['a missing rate', { rate: undefined }, 'RateBudget option rate must be { count, windowMs }, got undefined'],
    ['a count of 0', { rate: { count: 0, windowMs: 1000 } }, 'rate.count must be a whole number of at least 1, got 0'],
    ['a fractional count', { rate: { count: 2.5, windowMs: 1000 } }, 'rate.count must be a whole number of at least 1, got 2.5'],
    ['a negative window', { rate: { count: 5, windowMs: -1 } }, 'rate.windowMs must be a positive number of ms, got -1'],
    ['too much headroom', { headroom: 0.7 }, 'headroom must be a number from 0 to 0.5, got 0.7'],
    ['headroom given as text', { headroom: '0.1' as unknown as number }, 'headroom must be a number from 0 to 0.5, got "0.1"'],
    ['a negative bulk horizon', { horizons: { bulk: -5 } }, 'horizons.bulk must be a number of ms from 0 up, got -5'],
    ['an endless interactive horizon', { horizons: { interactive: Infinity } }, 'horizons.interactive must be a number of ms from 0 up, got Infinity'],
    ['a clock that is not a function', { clock: 42 as unknown as () => number }, 'clock must be a function returning ms since the epoch, got 42'],
  ])('refuses %s and names the value', (_, options, message) => {
    expect(() => resolveRateBudgetOptions({ rate, ...options } as RateBudgetOptions)).toThrow(message);
  });
});
