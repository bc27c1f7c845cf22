import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../../tools/local-host/start-azurite.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { bulkSeed } from '../helpers/bulk-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { eventually } from '../helpers/storage-peek.js';

const ITEMS = 60;
const { seed, items } = bulkSeed(ITEMS);
const dataDir = mkdtempSync(path.join(tmpdir(), 'bulk-assign-kill-test-'));

let azurite: RunningAzurite;
let stack: Stack;
beforeAll(async () => {
  // Storage of its own, on disk, so that it can be killed and started again on the same data.
  azurite = await startAzurite({ location: dataDir });
  stack = await startStack({
    label: 'kill',
    env: {
      AzureWebJobsStorage: azurite.connection,
      // Four writes a second, so that the job is still running when the stack is killed.
      GRAPH_WRITE_BUDGET: '40/10s',
      // Short leases and the shortest sweeper bound they allow; the sweeper runs every 5 s.
      GRAPH_TIMEOUT_SECONDS: '2',
      SWEEP_STALE_AFTER_SECONDS: '19',
      SWEEP_SCHEDULE: '*/5 * * * * *',
    },
    sim: { seed },
  });
});
afterAll(async () => {
  await stack?.stop();
  await azurite?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the whole stack killed mid-job', () => {
  it('finishes every item after a restart on the same storage, none stuck and none lost', { timeout: 240_000 }, async () => {
    const response = await call(`${stack.api}/jobs`, { method: 'POST', json: { priority: 'bulk', items } });
    expect(response.status).toBe(202);
    const jobId = response.body.jobId as string;
    const applied = () => stack.sim.writes().filter((w) => w.applied).length;
    await eventually(async () => applied() >= ITEMS / 3, 60_000, 'a third of the writes');

    // As a power cut: the host and the storage emulator end at once, whatever they had not written out is lost.
    await Promise.all(stack.hosts.map((h) => h.stop('SIGKILL')));
    await azurite.kill();
    const appliedAtKill = applied();
    expect(appliedAtKill).toBeLessThan(ITEMS);

    azurite = await startAzurite({ location: dataDir, ports: azurite.ports });
    await stack.addHost();

    const job = await waitForJob(stack.api, jobId, undefined, 180_000);
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: ITEMS, succeeded: ITEMS, queued: 0, retrying: 0 } });
    const listed = await allItems(stack.api, jobId);
    expect(listed.filter((i) => i.status !== 'succeeded')).toEqual([]);
    // Graph holds every change: none was lost with the storage, whatever was written again.
    for (const item of items) expect(stack.sim.getAssignment(item.path)?.target.groupId).toBe((item.body.target as { groupId: string }).groupId);
  });
});
