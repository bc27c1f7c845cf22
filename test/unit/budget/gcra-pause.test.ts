import { describe, expect, it } from 'vitest';
import { gcraPause } from '../../../src/model/gcra-pause.js';
import { IDLE_GCRA_STATE } from '../../../src/model/gcra-state.js';

const T0 = 1_750_000_000_000;

describe('gcraPause', () => {
  it('pauses an idle budget and moves its schedule and its waiting room to the end of the pause', () => {
    expect(gcraPause(IDLE_GCRA_STATE, T0 + 5000)).toEqual({ tat: T0 + 5000, pausedUntil: T0 + 5000, waitTat: T0 + 5000 });
  });

  it('never shortens a pause, and reports that nothing changed', () => {
    expect(gcraPause({ tat: T0 + 5000, pausedUntil: T0 + 5000, waitTat: T0 + 5000 }, T0 + 3000)).toBeUndefined();
  });

  it('reports that nothing changed when the pause, the schedule and the waiting room all reach its end already', () => {
    expect(gcraPause({ tat: T0 + 5100, pausedUntil: T0 + 5000, waitTat: T0 + 7000 }, T0 + 5000)).toBeUndefined();
  });

  it('lengthens a pause that a later Retry-After extends', () => {
    expect(gcraPause({ tat: T0 + 5100, pausedUntil: T0 + 5000, waitTat: T0 + 5000 }, T0 + 9000)).toEqual({
      tat: T0 + 9000,
      pausedUntil: T0 + 9000,
      waitTat: T0 + 9000,
    });
  });

  it('records a pause that ends before slots already booked, without moving those slots', () => {
    expect(gcraPause({ tat: T0 + 800, pausedUntil: 0, waitTat: 0 }, T0 + 500)).toEqual({
      tat: T0 + 800,
      pausedUntil: T0 + 500,
      waitTat: T0 + 500,
    });
  });

  it('moves a waiting room that lags behind the end of a pause up to it, even when the pause itself is already recorded', () => {
    expect(gcraPause({ tat: T0 + 5000, pausedUntil: T0 + 5000, waitTat: T0 + 2000 }, T0 + 5000)).toEqual({
      tat: T0 + 5000,
      pausedUntil: T0 + 5000,
      waitTat: T0 + 5000,
    });
  });

  it('keeps return times already handed out beyond the end of the pause', () => {
    expect(gcraPause({ tat: T0 + 1000, pausedUntil: 0, waitTat: T0 + 9000 }, T0 + 6000)).toEqual({
      tat: T0 + 6000,
      pausedUntil: T0 + 6000,
      waitTat: T0 + 9000,
    });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses a pause that ends at %s', (until) => {
    expect(() => gcraPause(IDLE_GCRA_STATE, until)).toThrow(new RangeError(`A budget pause must end at a finite time in ms, got ${until}`));
  });
});
