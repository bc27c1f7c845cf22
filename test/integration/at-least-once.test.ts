import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workMessage } from '../../src/jobs/item-work-message.js';
import { initialCounts } from '../../src/model/job-status.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { seedExampleItems } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { eventually, storageOf } from '../helpers/storage-peek.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    label: 'delivery',
    // Short leases so that a killed worker's message comes back in seconds, not ten minutes.
    env: { GRAPH_TIMEOUT_SECONDS: '2', LOCAL_QUEUE_MESSAGE_LEASE_SECONDS: '3' },
  });
});
afterAll(async () => stack?.stop());

const [first, second] = seedExampleItems();
const writesTo = (path: string) => stack.sim.writes().filter((w) => path.endsWith(w.path.replace(/^\/(v1\.0|beta)/, '')) && w.applied);

async function submit(items: unknown[]) {
  const response = await call(`${stack.api}/jobs`, { method: 'POST', json: { items } });
  expect(response.status).toBe(202);
  return response.body.jobId as string;
}

describe('at-least-once delivery', () => {
  it('applies a message delivered three times once, and counts it once', async () => {
    const jobId = await submit([first]);
    const storage = storageOf(stack.prefix);
    const item = await storage.store.getItem(jobId, 0);
    const copy = Buffer.from(JSON.stringify(workMessage(item!, 1))).toString('base64');
    // Two more copies of the same message, arriving alongside the original.
    await Promise.all([storage.queue('interactive').sendMessage(copy), storage.queue('interactive').sendMessage(copy)]);

    const job = await waitForJob(stack.api, jobId);
    expect(job.counts).toEqual({ ...initialCounts(1), queued: 0, succeeded: 1 });
    await eventually(async () => (await storage.count(storage.queue('interactive'))) === 0, 30_000, 'every copy consumed');
    expect(writesTo(first!.path)).toHaveLength(1);
    expect((await allItems(stack.api, jobId))[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await call(`${stack.api}/jobs/${jobId}`)).body.counts).toEqual(job.counts);
  });

  it('finishes an item exactly once when its worker was killed after Graph applied it', async () => {
    stack.sim.setFaults([{ mode: 'applyThenHang', times: 1, pathContains: second!.path.split('/').pop()! }]);
    const jobId = await submit([second]);
    await eventually(async () => writesTo(second!.path).length === 1, 20_000, 'Graph applied the change');

    const [killed] = stack.hosts;
    await killed!.stop('SIGKILL');
    await stack.addHost();

    const job = await waitForJob(stack.api, jobId);
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: 1, succeeded: 1, queued: 0, retrying: 0, failed: 0 } });
    const [item] = await allItems(stack.api, jobId);
    // Two calls really happened: the one whose answer was lost with the worker, and the retry.
    expect(item).toMatchObject({ status: 'succeeded', attempts: 2, httpStatus: 200 });
    expect(writesTo(second!.path)).toHaveLength(2);
  });

  it('records an item failed, with the reason, when its message is unreadable', async () => {
    const storage = storageOf(stack.prefix);
    const jobId = 'a0000000-0000-4000-8000-00000000dead';
    const now = new Date().toISOString();
    await storage.store.createJob(
      { jobId, label: 'poison', source: 'api', priority: 'interactive', status: 'queued', counts: initialCounts(1), createdAt: now, completedAt: undefined, cancelRequested: false, intakeComplete: true, requestHash: 'x' },
      [{ jobId, index: 0, ref: 'p', endpointId: 'deviceCompliancePolicyAssignment', apiVersion: 'v1.0', path: '/x', params: {}, body: {}, status: 'queued', attempts: 0, token: 'tok', leaseUntil: undefined, nextAttemptAt: undefined, httpStatus: undefined, graphRequestId: undefined, clientRequestId: undefined, errorCode: undefined, errorMessage: undefined, durationMs: undefined, createdAt: now, updatedAt: now, completedAt: undefined }],
    );
    // Names its item, but is no work message: no endpoint, no body.
    await storage.sendRaw('interactive', JSON.stringify({ v: 1, jobId, index: 0, token: 'tok' }));
    await storage.sendRaw('interactive', 'this is not json');

    const job = await waitForJob(stack.api, jobId);
    expect(job).toMatchObject({ status: 'failed', counts: { failed: 1 } });
    const [item] = await allItems(stack.api, jobId);
    expect(item.error.code).toBe('PoisonMessage');
    expect(item.error.message).toMatch(/attempt must be a whole number/);
    await eventually(async () => stack.output.some((l) => /drain-poison: unattributable/.test(l)), 20_000, 'the unreadable message drained');
  });
});
