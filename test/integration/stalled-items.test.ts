import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastTurnEnd } from '../../src/model/is-stalled.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { bulkSeed } from '../helpers/bulk-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { eventually, storageOf } from '../helpers/storage-peek.js';

const { seed, items } = bulkSeed(8);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    label: 'sweeper',
    env: {
      // Two writes a second, so that a bulk job's messages wait in the queue for their turns.
      GRAPH_WRITE_BUDGET: '20/10s',
      // A 9 s policy lease (twice the timeout plus 5 s): 19 s is the shortest bound it allows. The timer is fired by hand below.
      GRAPH_TIMEOUT_SECONDS: '2',
      SWEEP_STALE_AFTER_SECONDS: '19',
      SWEEP_SCHEDULE: '0 0 0 1 1 *',
    },
    sim: { seed },
  });
});
afterAll(async () => stack?.stop());

async function fireSweeper(): Promise<Record<string, number>> {
  const before = stack.output.length;
  const fired = await fetch(`http://127.0.0.1:${stack.env.PORT}/admin/functions/sweep-stalled-items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(fired.status).toBe(202);
  const line = await eventually(async () => stack.output.slice(before).find((l) => /sweep-stalled-items: \{/.test(l)), 30_000, 'the sweep');
  return JSON.parse(line.slice(line.indexOf('{'))) as Record<string, number>;
}

describe('the stalled-item sweeper', () => {
  it('finishes the items of a job whose queued messages were deleted, each applied once', { timeout: 180_000 }, async () => {
    const response = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items } });
    expect(response.status).toBe(202);
    const jobId = response.body.jobId as string;
    // Every message of the job is deleted: those waiting for their turns, and those a worker
    // held at the time and sent back to wait, for as long as that takes.
    const storage = storageOf(stack.prefix);
    const snapshot = async () => JSON.stringify((await call(`${stack.api}/jobs/${jobId}`)).body.counts);
    let last = '';
    let steadySince = Date.now();
    for (const deadline = Date.now() + 30_000; Date.now() - steadySince < 4000; ) {
      if (Date.now() > deadline) throw new Error('the job never stood still');
      await storage.queue('bulk').clearMessages();
      const now = await snapshot();
      if (now !== last) [last, steadySince] = [now, Date.now()];
      await new Promise((r) => setTimeout(r, 250));
    }
    const stuck = (await call(`${stack.api}/jobs/${jobId}`)).body;
    expect(stuck.counts.queued).toBeGreaterThan(0);
    expect(await storage.count(storage.queue('bulk'))).toBe(0);

    // Before the bound nothing is touched; past it, every stuck item is driven again.
    expect(await fireSweeper()).toMatchObject({ redriven: 0 });
    const turnsEnd = Date.parse(lastTurnEnd((await storageOf(stack.prefix).store.getJob(jobId))!)!);
    await new Promise((r) => setTimeout(r, Math.max(0, turnsEnd + 19_500 - Date.now())));
    expect(await fireSweeper()).toMatchObject({ redriven: stuck.counts.queued });

    const job = await waitForJob(stack.api, jobId, undefined, 60_000);
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: 8, succeeded: 8, queued: 0 } });
    expect((await allItems(stack.api, jobId)).every((i) => i.attempts === 1)).toBe(true);
    const applied = stack.sim.writes().filter((w) => w.applied);
    expect(applied).toHaveLength(8);
    expect(new Set(applied.map((w) => w.path)).size).toBe(8);
    expect(stack.output.some((l) => /Stalled items driven again/.test(l))).toBe(true);
  });
});
