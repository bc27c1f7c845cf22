import { describe, expect, it } from 'vitest';
import type { Lane } from '../../../src/model/job-model.js';
import { emissionInterval } from '../../../src/model/emission-interval.js';
import { gcraDecide, gcraRelease, gcraReserve, type GcraSettings } from '../../../src/model/gcra-decide.js';
import { gcraPause } from '../../../src/model/gcra-pause.js';
import { IDLE_GCRA_STATE, type GcraState } from '../../../src/model/gcra-state.js';

const T0 = 1_750_000_000_000;
const settings: GcraSettings = { intervalMs: 100, horizons: { interactive: 1000, bulk: 250 } };

/** Claims one after another at the same moment, keeping the state as an adapter would. */
function claimAll(state: GcraState, now: number, lanes: readonly Lane[], s = settings) {
  const answers = [];
  for (const lane of lanes) {
    const decision = gcraDecide(state, now, lane, s);
    state = decision.next ?? state;
    answers.push(decision.claim);
  }
  return { answers, state };
}

/** A small seeded generator, so that the randomised test is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

describe('gcraDecide', () => {
  it('grants an idle budget at once and books the next slot one interval later', () => {
    const decision = gcraDecide(IDLE_GCRA_STATE, T0, 'bulk', settings);
    expect(decision.claim).toEqual({ kind: 'granted', delayMs: 0 });
    expect(decision.next).toEqual({ tat: T0 + 100, pausedUntil: 0, waitTat: 0 });
  });

  it('books claims that arrive together one interval apart', () => {
    const { answers, state } = claimAll(IDLE_GCRA_STATE, T0, ['interactive', 'interactive', 'interactive']);
    expect(answers).toEqual([
      { kind: 'granted', delayMs: 0 },
      { kind: 'granted', delayMs: 100 },
      { kind: 'granted', delayMs: 200 },
    ]);
    expect(state.tat).toBe(T0 + 300);
  });

  it('does not save idle time up: a schedule left in the past still spaces the next claims', () => {
    const stale: GcraState = { tat: T0 - 60_000, pausedUntil: 0, waitTat: 0 };
    const { answers } = claimAll(stale, T0, ['bulk', 'bulk', 'bulk']);
    expect(answers.map((a) => a.kind === 'granted' && a.delayMs)).toEqual([0, 100, 200]);
  });

  it('serves a claim that arrives after its slot at once, from now rather than from the old slot', () => {
    const decision = gcraDecide({ tat: T0 + 100, pausedUntil: 0, waitTat: 0 }, T0 + 130, 'bulk', settings);
    expect(decision.claim).toEqual({ kind: 'granted', delayMs: 0 });
    expect(decision.next?.tat).toBe(T0 + 230);
  });

  it('grants a slot that lies exactly at the horizon', () => {
    const decision = gcraDecide({ tat: T0 + 250, pausedUntil: 0, waitTat: 0 }, T0, 'bulk', settings);
    expect(decision.claim).toEqual({ kind: 'granted', delayMs: 250 });
  });

  it('tells a bulk claim beyond the horizon to return at its slot, and books that return time in the waiting room', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: 0 };
    const decision = gcraDecide(state, T0, 'bulk', settings);
    // The write schedule is untouched; only the waiting room moves on, by one interval.
    expect(decision).toEqual({ claim: { kind: 'wait', waitMs: 400 }, next: { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 500 } });
    // Claiming a horizon before the return time books the slot at the return time.
    expect(gcraDecide(decision.next as GcraState, T0 + 150, 'bulk', settings).claim).toEqual({ kind: 'granted', delayMs: 250 });
  });

  it('tells an interactive claim beyond the horizon to wait until the slot enters it, and books nothing', () => {
    const state: GcraState = { tat: T0 + 1400, pausedUntil: 0, waitTat: 0 };
    expect(gcraDecide(state, T0, 'interactive', settings)).toEqual({ claim: { kind: 'wait', waitMs: 400 }, next: undefined });
    expect(gcraDecide(state, T0 + 400, 'interactive', settings).claim).toEqual({ kind: 'granted', delayMs: 1000 });
  });

  it('gives turned-away bulk claims return times exactly one interval apart, the first at the next free slot on the schedule', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: 0 };
    const { answers, state: after } = claimAll(state, T0, ['bulk', 'bulk', 'bulk', 'bulk']);
    expect(answers).toEqual([400, 500, 600, 700].map((waitMs) => ({ kind: 'wait', waitMs })));
    expect(after).toEqual({ tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 800 });
  });

  // A returner claims up to a bulk horizon (250 ms here) before its return time.
  it.each([250, 100, 0])(
    'lets each turned-away bulk claim that claims %i ms before its return time find the slot at that time, when nothing else arrives',
    (leadMs) => {
      let state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: 0 };
      const returns: number[] = [];
      for (let i = 0; i < 5; i++) {
        const decision = gcraDecide(state, T0, 'bulk', settings);
        state = decision.next ?? state;
        if (decision.claim.kind === 'wait') returns.push(T0 + decision.claim.waitMs);
      }
      expect(returns).toHaveLength(5);
      for (const at of returns) {
        const decision = gcraDecide(state, at - leadMs, 'bulk', settings);
        expect(decision.claim).toEqual({ kind: 'granted', delayMs: leadMs });
        state = decision.next ?? state;
      }
    },
  );

  it('spaces return times by a fractional interval without drift, rounding each wait up', () => {
    const fractional: GcraSettings = { ...settings, intervalMs: emissionInterval({ count: 100, windowMs: 20_000 }, 0.02) };
    const full: GcraState = { tat: T0 + 1000, pausedUntil: 0, waitTat: 0 };
    const { answers, state } = claimAll(full, T0, Array<Lane>(50).fill('bulk'), fractional);
    answers.forEach((answer, i) => {
      const booked = 1000 + i * fractional.intervalMs;
      expect(answer).toEqual({ kind: 'wait', waitMs: Math.ceil(booked) });
    });
    expect(state.waitTat).toBe(T0 + 1000 + 50 * fractional.intervalMs);
  });

  it('restarts the waiting room from the schedule once its return times have all passed', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: T0 - 10_000 };
    expect(gcraDecide(state, T0, 'bulk', settings)).toEqual({
      claim: { kind: 'wait', waitMs: 400 },
      next: { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 500 },
    });
  });

  it('grants a bulk claim that finds a slot within its horizon, leaving the waiting room as it is', () => {
    const state: GcraState = { tat: T0 + 100, pausedUntil: 0, waitTat: T0 + 5000 };
    expect(gcraDecide(state, T0, 'bulk', settings)).toEqual({
      claim: { kind: 'granted', delayMs: 100 },
      next: { tat: T0 + 200, pausedUntil: 0, waitTat: T0 + 5000 },
    });
  });

  it('does not queue an interactive claim behind the return times handed to bulk claims', () => {
    const state: GcraState = { tat: T0 + 1100, pausedUntil: 0, waitTat: T0 + 5000 };
    expect(gcraDecide(state, T0, 'interactive', settings)).toEqual({ claim: { kind: 'wait', waitMs: 100 }, next: undefined });
    expect(gcraDecide(state, T0 + 100, 'interactive', settings).claim).toEqual({ kind: 'granted', delayMs: 1000 });
    expect(gcraDecide(state, T0, 'bulk', settings).claim).toEqual({ kind: 'wait', waitMs: 5000 });
  });

  it('rounds a fractional wait up, so that coming back after it is never before the slot', () => {
    const fractional: GcraSettings = { ...settings, intervalMs: emissionInterval({ count: 20, windowMs: 2000 }, 0.02) };
    const booked = claimAll(IDLE_GCRA_STATE, T0, ['bulk', 'bulk', 'bulk'], fractional).state;
    const wait = gcraDecide(booked, T0, 'bulk', fractional).claim;
    expect(wait.kind).toBe('wait');
    const waitMs = wait.kind === 'wait' ? wait.waitMs : 0;
    expect(Number.isInteger(waitMs)).toBe(true);
    // After the wait the slot has come; a millisecond sooner it still lies ahead.
    expect(gcraDecide(booked, T0 + waitMs, 'bulk', fractional).claim).toEqual({ kind: 'granted', delayMs: 0 });
    const sooner = gcraDecide(booked, T0 + waitMs - 1, 'bulk', fractional).claim;
    expect(sooner.kind === 'granted' && sooner.delayMs).toBeGreaterThan(0);
  });

  it('waits at least 1 ms when the slot is only a sliver beyond the horizon', () => {
    const bulk = gcraDecide({ tat: T0 + 0.25, pausedUntil: 0, waitTat: 0 }, T0, 'bulk', settings, 0);
    expect(bulk.claim).toEqual({ kind: 'wait', waitMs: 1 });
    const interactive = gcraDecide({ tat: T0 + 1000.25, pausedUntil: 0, waitTat: 0 }, T0, 'interactive', settings);
    expect(interactive.claim).toEqual({ kind: 'wait', waitMs: 1 });
  });

  it('tells a bulk claim a sliver beyond the horizon to return at its slot, rounded up to the next millisecond', () => {
    const decision = gcraDecide({ tat: T0 + 250.25, pausedUntil: 0, waitTat: 0 }, T0, 'bulk', settings);
    expect(decision).toEqual({ claim: { kind: 'wait', waitMs: 251 }, next: { tat: T0 + 250.25, pausedUntil: 0, waitTat: T0 + 350.25 } });
  });

  it('grants an interactive claim where a bulk claim at the same moment must wait', () => {
    const state: GcraState = { tat: T0 + 600, pausedUntil: 0, waitTat: 0 };
    expect(gcraDecide(state, T0, 'bulk', settings).claim).toEqual({ kind: 'wait', waitMs: 600 });
    expect(gcraDecide(state, T0, 'interactive', settings).claim).toEqual({ kind: 'granted', delayMs: 600 });
  });

  it('lets a bulk claim whose turn has come book beyond the bulk horizon, as far as it may wait', () => {
    const state: GcraState = { tat: T0 + 600, pausedUntil: 0, waitTat: T0 + 30_000 };
    // Out of turn, the claim would go to the back of the waiting room, thirty seconds on.
    expect(gcraDecide(state, T0, 'bulk', settings, 1000).claim).toEqual({ kind: 'wait', waitMs: 30_000 });
    const inTurn = gcraDecide(state, T0, 'bulk', settings, 1000, true);
    expect(inTurn).toEqual({ claim: { kind: 'granted', delayMs: 600 }, next: { tat: T0 + 700, pausedUntil: 0, waitTat: T0 + 30_000 } });
    // Never further than it may wait.
    expect(gcraDecide(state, T0, 'bulk', settings, 500, true).claim).toEqual({ kind: 'wait', waitMs: 30_000 });
  });

  it('holds every lane until a pause ends, then restarts the schedule from its end', () => {
    const paused = gcraPause(IDLE_GCRA_STATE, T0 + 5000) as GcraState;
    expect(gcraDecide(paused, T0, 'interactive', settings).claim).toEqual({ kind: 'wait', waitMs: 4000 });
    // A bulk claim is told to return at the end of the pause, where its slot is.
    expect(gcraDecide(paused, T0, 'bulk', settings).claim).toEqual({ kind: 'wait', waitMs: 5000 });
    const first = gcraDecide(paused, T0 + 4000, 'interactive', settings);
    expect(first.claim).toEqual({ kind: 'granted', delayMs: 1000 });
    expect(first.next).toEqual({ tat: T0 + 5100, pausedUntil: T0 + 5000, waitTat: T0 + 5000 });
    // At the end of the pause the slot at its end is taken: the next one is an interval on.
    expect(gcraDecide(first.next as GcraState, T0 + 5000, 'bulk', settings).claim).toEqual({ kind: 'granted', delayMs: 100 });
  });

  it('honours a pause end recorded without moving the schedule', () => {
    const state: GcraState = { tat: T0, pausedUntil: T0 + 300, waitTat: 0 };
    expect(gcraDecide(state, T0, 'bulk', settings).claim).toEqual({ kind: 'wait', waitMs: 300 });
  });

  it('gives bulk claims turned away during a pause return times from its end on, one interval apart', () => {
    const paused = gcraPause(IDLE_GCRA_STATE, T0 + 5000) as GcraState;
    const { answers } = claimAll(paused, T0, ['bulk', 'bulk', 'bulk']);
    expect(answers).toEqual([5000, 5100, 5200].map((waitMs) => ({ kind: 'wait', waitMs })));
  });

  it('moves return times already handed out before a pause to its end', () => {
    const booked = claimAll({ tat: T0 + 400, pausedUntil: 0, waitTat: 0 }, T0, ['bulk', 'bulk']).state;
    expect(booked.waitTat).toBe(T0 + 600);
    const paused = gcraPause(booked, T0 + 3000) as GcraState;
    expect(gcraDecide(paused, T0 + 10, 'bulk', settings).claim).toEqual({ kind: 'wait', waitMs: 2990 });
  });

  it('never tells a bulk claim to return before the end of a pause, whatever the arrivals', () => {
    const random = seeded(4242);
    let state = IDLE_GCRA_STATE;
    let now = T0;
    let pauseEnd = 0;
    let waits = 0;
    for (let i = 0; i < 5000; i++) {
      now += random() < 0.5 ? 0 : random() * 300;
      if (random() < 0.02) {
        const until = now + random() * 3000;
        state = gcraPause(state, until) ?? state;
        pauseEnd = Math.max(pauseEnd, until);
      }
      const lane: Lane = random() < 0.3 ? 'interactive' : 'bulk';
      const decision = gcraDecide(state, now, lane, settings);
      if (lane === 'bulk' && decision.claim.kind === 'wait') {
        waits++;
        expect(now + decision.claim.waitMs).toBeGreaterThanOrEqual(pauseEnd);
      }
      state = decision.next ?? state;
    }
    expect(waits).toBeGreaterThan(100);
  });

  it.each([
    { rate: { count: 100, windowMs: 20_000 }, headroom: 0.02 },
    { rate: { count: 20, windowMs: 2000 }, headroom: 0.02 },
    { rate: { count: 7, windowMs: 700 }, headroom: 0 },
    { rate: { count: 3, windowMs: 1000 }, headroom: 0 },
    { rate: { count: 1, windowMs: 1000 }, headroom: 0.02 },
  ])('never books more than $rate.count in any window of $rate.windowMs ms, whatever the arrivals', ({ rate, headroom }) => {
    const random = seeded(rate.count * 7919 + rate.windowMs);
    const s: GcraSettings = { intervalMs: emissionInterval(rate, headroom), horizons: { interactive: 1000, bulk: 250 } };
    let state = IDLE_GCRA_STATE;
    let now = T0;
    const sends: number[] = [];
    for (let i = 0; i < 5000; i++) {
      // Bursts of simultaneous claims, idle gaps, and now and then a Retry-After.
      const r = random();
      now += r < 0.5 ? 0 : r < 0.9 ? random() * s.intervalMs : random() * rate.windowMs * 2;
      if (random() < 0.01) state = gcraPause(state, now + random() * 3000) ?? state;
      const decision = gcraDecide(state, now, random() < 0.3 ? 'interactive' : 'bulk', s);
      if (decision.claim.kind === 'granted') sends.push(now + decision.claim.delayMs);
      state = decision.next ?? state;
    }
    const busiest = busiestWindow(sends, rate.windowMs);
    expect(busiest).toBeLessThanOrEqual(rate.count);
    // The bound is tight without headroom: the schedule does use the whole budget.
    if (headroom === 0) expect(busiest).toBe(rate.count);
  });
});

describe('gcraReserve', () => {
  it('books return times from the next free slot on the schedule, one interval apart', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: 0 };
    expect(gcraReserve(state, T0, 5, settings)).toEqual({ startMs: T0 + 400, next: { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 900 } });
  });

  it('starts at now when the schedule has a free slot at once', () => {
    expect(gcraReserve(IDLE_GCRA_STATE, T0, 3, settings)).toEqual({ startMs: T0, next: { tat: 0, pausedUntil: 0, waitTat: T0 + 300 } });
  });

  it('books after the return times already handed out', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 2000 };
    expect(gcraReserve(state, T0, 2, settings)).toEqual({ startMs: T0 + 2000, next: { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 2200 } });
  });

  it('books after the end of a pause', () => {
    const state: GcraState = { tat: T0 + 100, pausedUntil: T0 + 3000, waitTat: T0 + 500 };
    expect(gcraReserve(state, T0, 2, settings)).toEqual({ startMs: T0 + 3000, next: { tat: T0 + 100, pausedUntil: T0 + 3000, waitTat: T0 + 3200 } });
  });

  it('follows on from the return times a turned-away bulk claim was given', () => {
    const decision = gcraDecide({ tat: T0 + 400, pausedUntil: 0, waitTat: 0 }, T0, 'bulk', settings);
    expect(decision.claim).toEqual({ kind: 'wait', waitMs: 400 });
    expect(gcraReserve(decision.next as GcraState, T0, 2, settings).startMs).toBe(T0 + 500);
  });
});

describe('gcraRelease', () => {
  it('gives back the tail of the waiting room when nothing was booked after it', () => {
    const { next } = gcraReserve({ tat: T0 + 400, pausedUntil: 0, waitTat: 0 }, T0, 5, settings);
    expect(gcraRelease(next, T0, next.waitTat, 5, settings)).toEqual({ tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 400 });
  });

  it('gives back only as many return times as it is told', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 900 };
    expect(gcraRelease(state, T0, T0 + 900, 2, settings)).toEqual({ tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 700 });
  });

  it('matches the end of the booking to the millisecond, as stored on the job', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 900.4 };
    expect(gcraRelease(state, T0, T0 + 900, 2, settings)?.waitTat).toBe(T0 + 700.4);
  });

  it('changes nothing when later bookings follow the one given back', () => {
    const first = gcraReserve({ tat: T0 + 400, pausedUntil: 0, waitTat: 0 }, T0, 5, settings);
    const endMs = first.next.waitTat;
    const second = gcraReserve(first.next, T0, 3, settings);
    expect(gcraRelease(second.next, T0, endMs, 5, settings)).toBeUndefined();
  });

  it('never moves the waiting room back before now', () => {
    const state: GcraState = { tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 900 };
    expect(gcraRelease(state, T0 + 600, T0 + 900, 5, settings)).toEqual({ tat: T0 + 400, pausedUntil: 0, waitTat: T0 + 600 });
  });
});

describe('catching up a slot nobody took in time', () => {
  const settings = { intervalMs: 100, horizons: { interactive: 1000, bulk: 500 }, catchUpMs: 250 };

  it('books a slot up to catchUpMs in the past at once, keeping the schedule', () => {
    const decision = gcraDecide({ tat: 1_000, pausedUntil: 0, waitTat: 0 }, 1_200, 'bulk', settings);
    expect(decision).toEqual({ claim: { kind: 'granted', delayMs: 0 }, next: { tat: 1_100, pausedUntil: 0, waitTat: 0 } });
  });

  it('lets a slot further in the past go, so idle time is never saved up', () => {
    const decision = gcraDecide({ tat: 1_000, pausedUntil: 0, waitTat: 0 }, 5_000, 'bulk', settings);
    expect(decision.next?.tat).toBe(4_850);
  });

  it('never catches up across a pause', () => {
    const decision = gcraDecide({ tat: 1_000, pausedUntil: 1_150, waitTat: 0 }, 1_200, 'bulk', settings);
    expect(decision.next?.tat).toBe(1_250);
  });
});

describe('return times handed out faster than the schedule', () => {
  it('spaces return times by returnPace times the interval, so slots missed by late returners are filled', () => {
    const settings = { intervalMs: 100, horizons: { interactive: 1000, bulk: 500 }, returnPace: 0.85 };
    const waits: number[] = [];
    let state = { tat: 2_000, pausedUntil: 0, waitTat: 0 };
    for (let i = 0; i < 3; i++) {
      const decision = gcraDecide(state, 1_000, 'bulk', settings);
      if (decision.claim.kind === 'wait') waits.push(decision.claim.waitMs);
      state = decision.next ?? state;
    }
    expect(waits).toEqual([1_000, 1_085, 1_170]);
  });
});
