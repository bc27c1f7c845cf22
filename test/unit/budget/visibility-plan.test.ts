import { describe, expect, it } from 'vitest';
import { VISIBLE_LEAD_MAX_MS, VISIBLE_LEAD_MIN_MS, visibilityPlan } from '../../../src/model/visibility-plan.js';

const NOW = 1_750_000_000_000;

describe('visibilityPlan', () => {
  it('makes every message visible between 0.9 and 0.4 s before its return time, holding it under half a second', () => {
    for (let ahead = VISIBLE_LEAD_MAX_MS; ahead < 10_000; ahead += 7) {
      const { holdMs, delaySeconds } = visibilityPlan(NOW + ahead, NOW);
      const visibleAt = NOW + holdMs + delaySeconds * 1000;
      expect(Number.isInteger(delaySeconds), `ahead ${ahead}`).toBe(true);
      expect(holdMs, `ahead ${ahead}`).toBeLessThan(500);
      expect(NOW + ahead - visibleAt, `ahead ${ahead}`).toBeLessThanOrEqual(VISIBLE_LEAD_MAX_MS);
      expect(NOW + ahead - visibleAt, `ahead ${ahead}`).toBeGreaterThanOrEqual(VISIBLE_LEAD_MIN_MS);
    }
  });

  it('sends at once, visible at once, a message due within the window or already due', () => {
    for (const ahead of [VISIBLE_LEAD_MAX_MS, 600, VISIBLE_LEAD_MIN_MS, 100, 0, -5000]) {
      expect(visibilityPlan(NOW + ahead, NOW)).toEqual({ holdMs: 0, delaySeconds: 0 });
    }
    expect(visibilityPlan(undefined, NOW)).toEqual({ holdMs: 0, delaySeconds: 0 });
  });

  it('holds a message only when no whole-second delay lands in the window', () => {
    expect(visibilityPlan(NOW + 1500, NOW)).toEqual({ holdMs: 0, delaySeconds: 1 });
    expect(visibilityPlan(NOW + 1000, NOW)).toEqual({ holdMs: 100, delaySeconds: 0 });
    expect(visibilityPlan(NOW + 2350, NOW)).toEqual({ holdMs: 450, delaySeconds: 1 });
  });
});
