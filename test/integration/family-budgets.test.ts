import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE_FAMILIES } from '../../src/catalog/throttle-families.js';
import { call, waitForJob } from '../helpers/api-client.js';
import { familyOfLoggedPath, familySeed } from '../helpers/family-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

// Each family: one write a second in ten-second windows, as Graph meters them apart; writes may
// leave up to 1.5 s late on a busy test machine.
const WINDOW_MS = 10_000;
const LIMIT = 10;
const { seed, items } = familySeed(24);
const byFamily = (family: string, from = 0, count = 12) => items.filter((i) => i.family === family).slice(from, from + count);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    label: 'families',
    env: { GRAPH_WRITE_BUDGET: `${LIMIT}/10s`, GRAPH_BUDGET_JITTER_MS: '1500' },
    sim: {
      seed,
      throttleScopes: 'separate',
      writeLimit: { perApp: { count: LIMIT, windowMs: WINDOW_MS }, perTenant: { count: LIMIT * 2, windowMs: WINDOW_MS } },
    },
  });
  // Two instances on one storage account share every family's budget.
  await stack.addHost();
});
afterAll(async () => stack?.stop());

/** Most of `times` in any window of the budget's length. */
function busiestWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= WINDOW_MS) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('a write budget per throttling family', () => {
  it('keeps each family within its own window while the families together write more than one budget allows', async () => {
    const job = [...byFamily('deviceConfiguration'), ...byFamily('deviceConfigV2'), ...byFamily('deviceEnrollment')];
    const { status, body } = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items: job.map(({ family, ...item }) => item) } });
    expect(status).toBe(202);
    const done = await waitForJob(stack.api, body.jobId, undefined, 120_000);
    expect(done).toMatchObject({ status: 'succeeded', counts: { succeeded: 36 } });

    const writes = stack.sim.writes();
    expect(writes.filter((w) => w.status === 429)).toEqual([]);
    for (const family of THROTTLE_FAMILIES) {
      const times = writes.filter((w) => familyOfLoggedPath(w.path) === family).map((w) => w.at);
      expect(times, family).toHaveLength(12);
      expect(busiestWindow(times), family).toBeLessThanOrEqual(LIMIT);
    }
    // One budget for all would have held every window to LIMIT writes.
    expect(busiestWindow(writes.map((w) => w.at))).toBeGreaterThan(LIMIT);

    const health = await call(`${stack.api}/health`);
    expect(health.body.budgets.scope).toBe('family');
    expect(health.body.budgets.budgets.map((b: { key: string }) => b.key)).toEqual([...THROTTLE_FAMILIES]);
  }, 150_000);

  it('pauses only the family Graph throttled: the others go on writing during its Retry-After', async () => {
    stack.sim.reset();
    const retryAfterSeconds = 10;
    stack.sim.setFaults([{ status: 429, retryAfterSeconds, times: 1, pathContains: '/deviceEnrollmentConfigurations/' }]);
    const job = [...byFamily('deviceEnrollment', 12, 6), ...byFamily('deviceConfiguration', 12, 12), ...byFamily('deviceConfigV2', 12, 12)];
    const { body } = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items: job.map(({ family, ...item }) => item) } });

    // While the pause runs, health shows it on the throttled family alone.
    let pausedView: any;
    for (let tries = 0; tries < 100 && !pausedView; tries++) {
      const { body: health } = await call(`${stack.api}/health`);
      if (health.budgets.budgets.some((b: any) => b.writes.pausedUntil !== null)) pausedView = health.budgets.budgets;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(pausedView.map((b: any) => [b.key, b.writes.pausedUntil !== null])).toEqual([
      ['deviceConfiguration', false],
      ['deviceConfigV2', false],
      ['deviceEnrollment', true],
    ]);

    const done = await waitForJob(stack.api, body.jobId, undefined, 120_000);
    expect(done).toMatchObject({ status: 'succeeded', counts: { succeeded: 30 } });
    const writes = stack.sim.writes();
    const throttled = writes.find((w) => w.status === 429)!;
    expect(familyOfLoggedPath(throttled.path)).toBe('deviceEnrollment');
    const pauseEnds = throttled.at + retryAfterSeconds * 1000;
    const during = writes.filter((w) => w.at > throttled.at && w.at < pauseEnds);
    // The other families kept writing while enrollment waited...
    expect(during.filter((w) => familyOfLoggedPath(w.path) !== 'deviceEnrollment').length).toBeGreaterThan(5);
    // ...and enrollment itself did not write again before Graph allowed, apart from writes
    // already on their way when the 429 arrived.
    expect(during.filter((w) => familyOfLoggedPath(w.path) === 'deviceEnrollment' && w.at > throttled.at + 1000)).toEqual([]);
    expect(writes.filter((w) => w.premature)).toEqual([]);
    const retried = writes.find((w) => w.at > throttled.at && w.path === throttled.path)!;
    expect(retried.at).toBeGreaterThanOrEqual(pauseEnds);
  }, 150_000);
});
