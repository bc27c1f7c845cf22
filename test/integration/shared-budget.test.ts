import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { bulkSeed } from '../helpers/bulk-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

// Two writes a second in ten-second windows; writes may leave up to 1.5 s late on a busy test machine.
const WINDOW_MS = 10_000;
const LIMIT = 20;
const { seed, items } = bulkSeed(60);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    label: 'budget',
    env: { GRAPH_WRITE_BUDGET: `${LIMIT}/10s`, GRAPH_BUDGET_JITTER_MS: '1500' },
    sim: { seed, writeLimit: { perApp: { count: LIMIT, windowMs: WINDOW_MS }, perTenant: { count: LIMIT * 2, windowMs: WINDOW_MS } } },
  });
  // Three instances on one storage account, as Azure scales out a queue-triggered app.
  await stack.addHost();
  await stack.addHost();
});
afterAll(async () => stack?.stop());

/** Most writes Graph accepted in any window of the budget's length, counted from the simulator's log. */
function busiestWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= WINDOW_MS) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('one write budget shared by three worker instances', () => {
  it('never exceeds the budget in any window, and every item lands', async () => {
    const { body } = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items: items.slice(0, 30) } });
    const job = await waitForJob(stack.api, body.jobId, undefined, 90_000);
    expect(job).toMatchObject({ status: 'succeeded', counts: { succeeded: 30 } });
    const writes = stack.sim.writes().filter((w) => w.status !== 0);
    expect(busiestWindow(writes.filter((w) => w.status < 400).map((w) => w.at))).toBeLessThanOrEqual(LIMIT);
    expect(writes.filter((w) => w.status === 429)).toEqual([]);
    // More than one process applied items, so the budget was shared across processes. (Which
    // of the three fetch the messages is up to the queue; one fetch may take up to 32.)
    const workers = new Set(stack.output.filter((l) => /apply-item bulk: succeeded/.test(l)).map((l) => l.split(']')[0]));
    expect(workers.size).toBeGreaterThanOrEqual(2);
  });

  it('pauses every instance when Graph answers 429, and sends nothing before Retry-After has passed', async () => {
    stack.sim.reset();
    stack.sim.setFaults([{ status: 429, retryAfterSeconds: 3, times: 1 }]);
    const { body } = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items: items.slice(40, 52) } });
    const job = await waitForJob(stack.api, body.jobId, undefined, 90_000);
    expect(job).toMatchObject({ status: 'succeeded', counts: { succeeded: 12 } });
    const writes = stack.sim.writes();
    const throttled = writes.find((w) => w.status === 429)!;
    const during = writes.filter((w) => w.at > throttled.at && w.at < throttled.at + 3000);
    // Writes already on their way when Graph answered may still arrive; once the pause is
    // recorded, no instance writes until the 3 s are over.
    expect(during.every((w) => w.at < throttled.at + 1000)).toBe(true);
    // The throttled item itself came back only after its Retry-After.
    const retry = writes.find((w) => w.at > throttled.at && w.path === throttled.path)!;
    expect(retry.at - throttled.at).toBeGreaterThanOrEqual(3000);
    expect(writes.filter((w) => w.at > throttled.at + 3000).length).toBeGreaterThan(0);
  });

  it('lets an interactive item overtake a bulk backlog', async () => {
    stack.sim.reset();
    const bulk = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items: items.slice(0, 30) } });
    // Let the bulk backlog form: the budget is spent for the next few seconds.
    await waitForJob(stack.api, bulk.body.jobId, (j) => j.counts.succeeded >= 3, 60_000);
    const interactive = await call(`${stack.api}/jobs`, { method: 'POST', json: { items: items.slice(55, 56) } });
    expect(interactive.status).toBe(202);
    const done = await waitForJob(stack.api, interactive.body.jobId, undefined, 60_000);
    expect(done).toMatchObject({ status: 'succeeded', priority: 'interactive' });
    const bulkNow = await call(`${stack.api}/jobs/${bulk.body.jobId}`);
    // The interactive item was applied while most of the bulk job was still waiting.
    expect(bulkNow.body.counts.succeeded).toBeLessThan(30);
    await waitForJob(stack.api, bulk.body.jobId, undefined, 90_000);
    const [item] = await allItems(stack.api, interactive.body.jobId);
    const bulkItems = await allItems(stack.api, bulk.body.jobId);
    // Bulk items queued before it were applied after it.
    expect(bulkItems.filter((i) => i.completedAt > item.completedAt).length).toBeGreaterThan(5);
  });
});
