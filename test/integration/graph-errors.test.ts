import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../tools/graph-sim/fault-rule.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { seedExampleItems, TARGETS } from '../helpers/seed-job.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ label: 'errors', env: { GRAPH_TIMEOUT_SECONDS: '2', ITEM_MAX_ATTEMPTS: '3' } });
});
afterAll(async () => stack?.stop());

/** Seed items that each name a distinct assignment in their path, so each can be given a fault of its own. */
const seeds = seedExampleItems().filter((i) => !['seed003', 'seed004-ios-scep-root', 'seed004-wp81-identity'].includes(i.ref));
const assignmentId = (path: string) => path.split('/').pop() as string;

interface Case {
  name: string;
  fault?: Omit<FaultRule, 'pathContains'>;
  path?: string;
  expected: { status: string; attempts: number; httpStatus: number | null; code?: string };
}

const cases: Case[] = [
  { name: '400', fault: { status: 400, code: 'BadRequest' }, expected: { status: 'failed', attempts: 1, httpStatus: 400, code: 'BadRequest' } },
  { name: '401', fault: { status: 401, code: 'InvalidAuthenticationToken' }, expected: { status: 'failed', attempts: 1, httpStatus: 401, code: 'InvalidAuthenticationToken' } },
  { name: '403', fault: { status: 403, code: 'Forbidden' }, expected: { status: 'failed', attempts: 1, httpStatus: 403, code: 'Forbidden' } },
  { name: '404 from Graph itself', path: '/deviceManagement/deviceCompliancePolicies/10000000-0000-4000-8000-000000000001/assignments/no-such-assignment', expected: { status: 'failed', attempts: 1, httpStatus: 404 } },
  { name: '409', fault: { status: 409, code: 'Conflict' }, expected: { status: 'failed', attempts: 1, httpStatus: 409, code: 'Conflict' } },
  { name: '429 with Retry-After', fault: { status: 429, retryAfterSeconds: 1, times: 1 }, expected: { status: 'succeeded', attempts: 2, httpStatus: 200 } },
  { name: '503 with Retry-After', fault: { status: 503, retryAfterSeconds: 1, times: 1 }, expected: { status: 'succeeded', attempts: 2, httpStatus: 200 } },
  { name: '504 without Retry-After', fault: { status: 504, times: 1 }, expected: { status: 'succeeded', attempts: 2, httpStatus: 200 } },
  { name: '500', fault: { status: 500, times: 1 }, expected: { status: 'succeeded', attempts: 2, httpStatus: 200 } },
  { name: 'connection reset', fault: { mode: 'reset', times: 1 }, expected: { status: 'succeeded', attempts: 2, httpStatus: 200 } },
  { name: 'timeout', fault: { mode: 'hang', times: 1 }, expected: { status: 'succeeded', attempts: 2, httpStatus: 200 } },
  { name: '503 every time', fault: { status: 503 }, expected: { status: 'failed', attempts: 3, httpStatus: 503, code: 'ServiceUnavailable' } },
];

describe('how each kind of Graph answer ends an item', () => {
  it('fails 4xx at once, retries throttling, 5xx and network errors, and gives up after the last attempt', async () => {
    const items = cases.map((c, n) => {
      const seed = seeds[n]!;
      return { ref: c.name, path: c.path ?? seed.path, body: c.path ? { target: TARGETS.group } : seed.body };
    });
    stack.sim.setFaults(
      cases.flatMap((c, n) => (c.fault ? [{ ...c.fault, pathContains: assignmentId(items[n]!.path) }] : [])),
    );
    const submitted = await call(`${stack.api}/jobs`, { method: 'POST', json: { items } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const job = await waitForJob(stack.api, submitted.body.jobId);
    const recorded = await allItems(stack.api, submitted.body.jobId);
    expect(job.status, JSON.stringify(recorded.map((i) => [i.ref, i.status, i.attempts, i.httpStatus, i.error]))).toBe('partiallySucceeded');
    for (const [n, c] of cases.entries()) {
      const item = recorded[n];
      expect({ case: c.name, status: item.status, attempts: item.attempts, httpStatus: item.httpStatus }).toEqual({
        case: c.name,
        ...{ status: c.expected.status, attempts: c.expected.attempts, httpStatus: c.expected.httpStatus },
      });
      if (c.expected.code) expect(item.error?.code, c.name).toBe(c.expected.code);
      if (c.expected.status === 'failed') expect(item.error?.message, c.name).toBeTruthy();
      expect(item.clientRequestId, c.name).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(recorded[cases.length - 1].error.message).toMatch(/gave up after 3 attempts/);
    const failed = cases.filter((c) => c.expected.status === 'failed').length;
    expect(job.counts).toMatchObject({ total: cases.length, failed, succeeded: cases.length - failed, queued: 0, retrying: 0 });

    // No item was sent again before the Retry-After it was given had passed.
    const byPath = new Map<string, ReturnType<Stack['sim']['writes']>>();
    for (const w of stack.sim.writes()) byPath.set(w.path, [...(byPath.get(w.path) ?? []), w]);
    const told = [...byPath.values()].flatMap((writes) =>
      writes.slice(0, -1).flatMap((w, k) => (w.retryAfterSeconds ? [{ waited: writes[k + 1]!.at - w.at, asked: w.retryAfterSeconds * 1000 }] : [])),
    );
    expect(told).toHaveLength(2);
    for (const { waited, asked } of told) expect(waited).toBeGreaterThanOrEqual(asked);
  });

  it('lists failed items alone when asked by status', async () => {
    const { body: jobs } = await call(`${stack.api}/jobs`);
    const jobId = jobs.jobs[0].jobId;
    const failed = await allItems(stack.api, jobId, 'status=failed');
    expect(failed.map((i) => i.ref)).toEqual(cases.filter((c) => c.expected.status === 'failed').map((c) => c.name));
  });
});
