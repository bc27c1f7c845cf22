import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ANDROID_COMPLIANCE_ASSIGNMENT_ID,
  ANDROID_COMPLIANCE_POLICY_ID,
  COMPLIANCE_ASSIGNMENT_ID,
  COMPLIANCE_POLICY_ID,
  IOS_COMPLIANCE_ASSIGNMENT_ID,
  IOS_COMPLIANCE_POLICY_ID,
  SEED_DATA,
  SEED_GROUP_ID,
} from '../../tools/graph-sim/seed-data.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { storageOf } from '../helpers/storage-peek.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ label: 'plan', env: { PLAN_MAX_ITEMS: '3' } });
});
afterAll(async () => stack?.stop());
// Every test starts from the seed, with no faults and no writes recorded.
beforeEach(() => stack.sim.reset());

const compliance = (policyId: string, assignmentId: string) => `/deviceManagement/deviceCompliancePolicies/${policyId}/assignments/${assignmentId}`;
const groupTarget = { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: SEED_GROUP_ID };
const seededTarget = (assignmentId: string) =>
  SEED_DATA.policies.flatMap((p) => p.assignments).find((a) => a.id === assignmentId)!.target;

const NOOP_PATH = compliance(COMPLIANCE_POLICY_ID, COMPLIANCE_ASSIGNMENT_ID);
const CHANGE_PATH = compliance(IOS_COMPLIANCE_POLICY_ID, IOS_COMPLIANCE_ASSIGNMENT_ID);
const MISSING_ID = '1a000000-0000-4000-8000-0000000000ff';
const MISSING_PATH = compliance(ANDROID_COMPLIANCE_POLICY_ID, MISSING_ID);

/** Graph already holds it: the seed's own group target. */
const noop = { ref: 'already-assigned', apiVersion: 'beta', path: NOOP_PATH, body: { target: seededTarget(COMPLIANCE_ASSIGNMENT_ID) } };
/** Moves the iOS policy from all licensed users to the seeded group. */
const change = { ref: 'ios-to-group', path: `/beta${CHANGE_PATH}`, body: { target: groupTarget } };
/** No such assignment on the Android policy. */
const missing = { ref: 'not-there', apiVersion: 'beta', path: MISSING_PATH, body: { target: groupTarget } };

const submit = (json: unknown) => call(`${stack.api}/jobs`, { method: 'POST', json });
const jobIds = async () => (await call(`${stack.api}/jobs?limit=100`)).body.jobs.map((j: { jobId: string }) => j.jobId) as string[];

async function queuedMessages(): Promise<number> {
  const storage = storageOf(stack.prefix);
  return (await storage.count(storage.queue('interactive'))) + (await storage.count(storage.queue('bulk')));
}

describe('a plan (dryRun)', () => {
  it('says what each item would do, from a no-op to a change to a missing assignment, and records nothing', async () => {
    const jobsBefore = await jobIds();

    const { status, body } = await submit({ dryRun: true, items: [noop, change, missing] });
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, itemCount: 3, changes: 1, noops: 1, unavailable: 1 });
    expect(body.items).toHaveLength(3);

    expect(body.items[0]).toEqual({
      index: 0,
      ref: 'already-assigned',
      apiVersion: 'beta',
      path: NOOP_PATH,
      action: 'noop',
      changed: [],
      before: expect.objectContaining({ id: COMPLIANCE_ASSIGNMENT_ID, target: expect.objectContaining(seededTarget(COMPLIANCE_ASSIGNMENT_ID)) }),
      after: expect.objectContaining({ id: COMPLIANCE_ASSIGNMENT_ID }),
      error: null,
    });
    expect(body.items[1]).toEqual({
      index: 1,
      ref: 'ios-to-group',
      apiVersion: 'beta',
      path: CHANGE_PATH,
      action: 'change',
      changed: ['target'],
      before: expect.objectContaining({ id: IOS_COMPLIANCE_ASSIGNMENT_ID, target: expect.objectContaining(seededTarget(IOS_COMPLIANCE_ASSIGNMENT_ID)) }),
      after: expect.objectContaining({ id: IOS_COMPLIANCE_ASSIGNMENT_ID, target: groupTarget }),
      error: null,
    });
    expect(body.items[2]).toEqual({
      index: 2,
      ref: 'not-there',
      apiVersion: 'beta',
      path: MISSING_PATH,
      action: 'unavailable',
      changed: [],
      before: null,
      after: null,
      error: { status: 404, code: null, message: expect.stringContaining(MISSING_ID) },
    });

    expect(stack.sim.writes()).toEqual([]);
    expect(await queuedMessages()).toBe(0);
    expect(await jobIds()).toEqual(jobsBefore);
    expect(stack.sim.getAssignment(CHANGE_PATH)?.target).toEqual(seededTarget(IOS_COMPLIANCE_ASSIGNMENT_ID));
  });

  it('refuses a plan of more than PLAN_MAX_ITEMS items with 400 naming items', async () => {
    const fourth = { ref: 'android', apiVersion: 'beta', path: compliance(ANDROID_COMPLIANCE_POLICY_ID, ANDROID_COMPLIANCE_ASSIGNMENT_ID), body: { target: groupTarget } };
    const { status, headers, body } = await submit({ dryRun: true, items: [noop, change, missing, fourth] });
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/problem\+json/);
    expect(body.errors).toEqual([{ field: 'items', message: expect.stringMatching(/4 items.*at most 3 \(PLAN_MAX_ITEMS\)/) }]);
    expect(stack.sim.writes()).toEqual([]);
  });

  it('answers 503 with Retry-After and records nothing while Graph cannot be read', async () => {
    const jobsBefore = await jobIds();
    stack.sim.setFaults([{ status: 503, method: 'GET' }]);

    const { status, headers, body } = await submit({ dryRun: true, items: [noop, change] });

    expect(status).toBe(503);
    expect(headers.get('content-type')).toMatch(/problem\+json/);
    expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
    expect(body).toMatchObject({ type: 'urn:bulk-assign:problem:unavailable', status: 503 });
    expect(body.detail).toMatch(/Nothing was changed/);
    expect(stack.sim.faults()[0]!.used).toBeGreaterThan(0);
    expect(stack.sim.writes()).toEqual([]);
    expect(await queuedMessages()).toBe(0);
    expect(await jobIds()).toEqual(jobsBefore);
  });
});

describe('skipNoop', () => {
  it('leaves out the items Graph already agrees with and queues only the change', async () => {
    const { status, body } = await submit({ skipNoop: true, items: [noop, change] });
    expect(status).toBe(202);
    expect(body).toMatchObject({ itemCount: 1, skipped: [{ index: 0, ref: 'already-assigned' }] });

    const job = await waitForJob(stack.api, body.jobId);
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: 1, queued: 0, retrying: 0, succeeded: 1, failed: 0, canceled: 0 } });
    expect(job.completedAt).toEqual(expect.any(String));
    const items = await allItems(stack.api, body.jobId);
    expect(items).toHaveLength(1);
    // The item keeps its index in the request, as `skipped` does.
    expect(items[0]).toMatchObject({ index: 1, ref: 'ios-to-group', path: CHANGE_PATH, status: 'succeeded' });
    expect(stack.sim.writes().map((w) => w.path)).toEqual([`/beta${CHANGE_PATH}`]);
    expect(stack.sim.getAssignment(CHANGE_PATH)?.target).toEqual(groupTarget);
  });

  it('answers 200 nothingToChange and makes no job when every item is a no-op', async () => {
    const jobsBefore = await jobIds();
    const alsoNoop = { ref: 'ios-as-is', path: CHANGE_PATH, apiVersion: 'beta', body: { target: seededTarget(IOS_COMPLIANCE_ASSIGNMENT_ID) } };

    const { status, headers, body } = await submit({ skipNoop: true, items: [noop, alsoNoop] });

    expect(status).toBe(200);
    expect(headers.get('location')).toBeNull();
    expect(body).toEqual({
      jobId: null,
      status: 'nothingToChange',
      itemCount: 0,
      skipped: [
        { index: 0, ref: 'already-assigned' },
        { index: 1, ref: 'ios-as-is' },
      ],
    });
    expect(stack.sim.writes()).toEqual([]);
    expect(await queuedMessages()).toBe(0);
    expect(await jobIds()).toEqual(jobsBefore);
  });
});
