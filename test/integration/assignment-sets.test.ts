import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as S from '../../tools/graph-sim/seed-data.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { startStack, type Stack } from '../helpers/start-stack.js';
import { eventually } from '../helpers/storage-peek.js';

let stack: Stack;
beforeAll(async () => {
  // Short Graph timeouts keep the policy lease short, so a killed worker's lease runs out in seconds.
  stack = await startStack({ label: 'sets', env: { GRAPH_TIMEOUT_SECONDS: '2', LOCAL_QUEUE_MESSAGE_LEASE_SECONDS: '3' } });
});
afterAll(async () => stack?.stop());
beforeEach(() => {
  stack.sim.reset();
  stack.sim.clearFaults();
});

const COMPLIANCE = `/deviceManagement/deviceCompliancePolicies/${S.COMPLIANCE_POLICY_ID}`;
const IOS_COMPLIANCE = `/deviceManagement/deviceCompliancePolicies/${S.IOS_COMPLIANCE_POLICY_ID}`;
const SETTINGS = `/deviceManagement/configurationPolicies/${S.EDGE_CONFIGURATION_POLICY_ID}`;
const ENROLLMENT = `/deviceManagement/deviceEnrollmentConfigurations/${S.ENROLLMENT_CONFIGURATION_ID}`;
const DEVICE_LIMIT = `/deviceManagement/deviceEnrollmentConfigurations/${S.DEVICE_LIMIT_ENROLLMENT_CONFIGURATION_ID}`;
const CONFIG = `/deviceManagement/deviceConfigurations/${S.DEVICE_CONFIGURATION_ID}`;
const SCEP = `/deviceManagement/deviceConfigurations/${S.IOS_SCEP_PROFILE_ID}`;

const NEW_GROUP = 'b0000000-0000-4000-8000-000000000001';
const group = (groupId: string) => ({ '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId });
const add = (policy: string, groupId: string, extra: Record<string, unknown> = {}) => ({ action: 'add', policy, target: group(groupId), ...extra });
const remove = (policy: string, target: object) => ({ action: 'remove', policy, target });

async function submit(items: unknown[]): Promise<string> {
  const response = await call(`${stack.api}/jobs`, { method: 'POST', json: { items } });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.jobId as string;
}
const assignWrites = (policy: string) => stack.sim.writes().filter((w) => w.method === 'POST' && w.path.endsWith(`${policy}/assign`) && w.applied);
/**
 * A policy's assignments without their ids, which a set written again may renumber, and without
 * Graph's defaults (intent `apply`, source `direct`), which a set written in v1.0 cannot state.
 */
const targetsOf = (policy: string) =>
  (stack.sim.listAssignments(`${policy}/assignments`) ?? []).map(({ id: _id, ...rest }) =>
    Object.fromEntries(Object.entries(rest).filter(([name, value]) => !(name === 'intent' && value === 'apply') && !(name === 'source' && value === 'direct'))),
  );
const groupsOf = (policy: string) => (stack.sim.listAssignments(`${policy}/assignments`) ?? []).map((a) => String(a.target.groupId ?? a.target['@odata.type']));

describe('assignment-set items end to end', () => {
  it('adds a group to a policy of each kind in each version Graph has /assign for it, and removes another', async () => {
    const jobId = await submit([
      add(COMPLIANCE, NEW_GROUP),
      add(IOS_COMPLIANCE, NEW_GROUP, { apiVersion: 'beta' }),
      add(SETTINGS, NEW_GROUP),
      add(DEVICE_LIMIT, NEW_GROUP),
      add(ENROLLMENT, NEW_GROUP, { apiVersion: 'beta' }),
      add(CONFIG, NEW_GROUP),
      add(`/beta${SCEP}`, NEW_GROUP, { intent: 'apply' }),
      remove(CONFIG, { '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId: S.SEED_EXCLUDED_GROUP_ID }),
    ]);
    const job = await waitForJob(stack.api, jobId);
    expect(job).toMatchObject({ status: 'succeeded', counts: { succeeded: 8, failed: 0 } });

    const items = await allItems(stack.api, jobId);
    expect(items.map((i) => i.apiVersion)).toEqual(['v1.0', 'beta', 'beta', 'v1.0', 'beta', 'v1.0', 'beta', 'v1.0']);
    for (const item of items.slice(0, 7)) {
      expect(item).toMatchObject({ status: 'succeeded', via: 'assign', noop: false, before: null, after: { target: { groupId: NEW_GROUP } } });
    }
    expect(items[0].after.id).toBe(`${S.COMPLIANCE_POLICY_ID}_${NEW_GROUP}`);
    expect(items[7]).toMatchObject({ action: 'remove', policy: CONFIG, before: { id: S.DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID }, after: null });

    expect(groupsOf(COMPLIANCE)).toEqual([S.SEED_GROUP_ID, S.SEED_EXCLUDED_GROUP_ID, NEW_GROUP]);
    expect(groupsOf(SETTINGS)).toEqual([S.SEED_GROUP_ID, NEW_GROUP]);
    expect(groupsOf(DEVICE_LIMIT)).toEqual(['microsoft.graph.allLicensedUsersAssignmentTarget', NEW_GROUP]);
    expect(groupsOf(CONFIG)).toEqual([S.SEED_GROUP_ID, NEW_GROUP]);
    expect(stack.sim.listAssignments(`${SCEP}/assignments`)?.find((a) => a.target.groupId === NEW_GROUP)).toMatchObject({ intent: 'apply' });
    // The add and the remove on one device configuration are one read-modify-write.
    expect(assignWrites(CONFIG)).toHaveLength(1);
    for (const policy of [COMPLIANCE, IOS_COMPLIANCE, SETTINGS, DEVICE_LIMIT, ENROLLMENT, SCEP]) expect(assignWrites(policy)).toHaveLength(1);
  });

  it('writes twelve adds on one policy with one /assign, and writes nothing for no-ops', async () => {
    const groups = Array.from({ length: 12 }, (_, n) => `b1000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`);
    const jobId = await submit([...groups.map((g) => add(COMPLIANCE, g)), add(SETTINGS, S.SEED_GROUP_ID), remove(SETTINGS, group(NEW_GROUP))]);
    const job = await waitForJob(stack.api, jobId);
    expect(job).toMatchObject({ status: 'succeeded', counts: { succeeded: 14 } });
    expect(assignWrites(COMPLIANCE)).toHaveLength(1);
    expect(groupsOf(COMPLIANCE)).toEqual([S.SEED_GROUP_ID, S.SEED_EXCLUDED_GROUP_ID, ...groups]);

    const items = await allItems(stack.api, jobId);
    expect(items.slice(12)).toMatchObject([
      { status: 'succeeded', noop: true, httpStatus: null, before: { id: S.EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID } },
      { status: 'succeeded', noop: true, httpStatus: null, before: null, after: null },
    ]);
    expect(stack.sim.writes().filter((w) => w.path.includes(S.EDGE_CONFIGURATION_POLICY_ID))).toHaveLength(0);
  });

  it('keeps both of two jobs racing on one policy: the second reads what the first wrote', async () => {
    await stack.addHost();
    // Slow reads of the policy's set: without the lease both jobs would read the seeded set and
    // the later write would drop the earlier job's group.
    stack.sim.setFaults([{ mode: 'latency', latencyMs: 1500, method: 'GET', pathContains: `${S.COMPLIANCE_POLICY_ID}/assignments` }]);
    const [first, second] = await Promise.all([submit([add(COMPLIANCE, 'b2000000-0000-4000-8000-000000000001')]), submit([add(COMPLIANCE, 'b2000000-0000-4000-8000-000000000002')])]);
    const jobs = await Promise.all([waitForJob(stack.api, first), waitForJob(stack.api, second)]);
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    expect(assignWrites(COMPLIANCE)).toHaveLength(2);
    expect(groupsOf(COMPLIANCE)).toEqual(expect.arrayContaining(['b2000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000002']));
    expect(groupsOf(COMPLIANCE)).toHaveLength(4);
  });

  it('finishes a policy exactly once when its worker is killed between its read and its write', async () => {
    stack.sim.setFaults([{ mode: 'latency', latencyMs: 30_000, method: 'GET', pathContains: `${S.IOS_COMPLIANCE_POLICY_ID}/assignments`, times: 1 }]);
    const readsBefore = stack.sim.stats().reads.accepted;
    const jobId = await submit([add(IOS_COMPLIANCE, NEW_GROUP)]);
    await eventually(async () => stack.sim.faults()[0]?.used === 1, 20_000, 'the worker reading the set');
    for (const host of stack.hosts) await host.stop('SIGKILL');
    await stack.addHost();

    const job = await waitForJob(stack.api, jobId, undefined, 60_000);
    expect(job.status).toBe('succeeded');
    expect(assignWrites(IOS_COMPLIANCE)).toHaveLength(1);
    expect(groupsOf(IOS_COMPLIANCE)).toEqual(['microsoft.graph.allLicensedUsersAssignmentTarget', NEW_GROUP]);
    expect(stack.sim.stats().reads.accepted).toBeGreaterThan(readsBefore);
  });

  it('applies a PATCH Graph has no route for through the policy’s /assign, and records it so', async () => {
    stack.sim.setRefusedItemRoutes(['deviceCompliancePolicy']);
    const path = `${COMPLIANCE}/assignments/${S.COMPLIANCE_ASSIGNMENT_ID}`;
    const jobId = await submit([{ path, body: { target: group(NEW_GROUP) } }]);
    const job = await waitForJob(stack.api, jobId);
    expect(job.status).toBe('succeeded');
    const [item] = await allItems(stack.api, jobId);
    expect(item).toMatchObject({ status: 'succeeded', via: 'assign', attempts: 2, httpStatus: 200, before: { target: { groupId: S.SEED_GROUP_ID } }, after: { target: { groupId: NEW_GROUP } } });
    const writes = stack.sim.writes().filter((w) => w.path.includes(S.COMPLIANCE_POLICY_ID));
    expect(writes.map((w) => `${w.method} ${w.status}`)).toEqual(['PATCH 400', 'POST 200']);
    expect(groupsOf(COMPLIANCE)).toEqual([NEW_GROUP, S.SEED_EXCLUDED_GROUP_ID]);
  });

  it('accepts and applies a v1.0 PATCH of an enrollment configuration assignment', async () => {
    const path = `/v1.0${DEVICE_LIMIT}/assignments/${S.DEVICE_LIMIT_ENROLLMENT_ASSIGNMENT_ID}`;
    const jobId = await submit([{ path, body: { target: group(NEW_GROUP) } }]);
    expect(await waitForJob(stack.api, jobId)).toMatchObject({ status: 'succeeded' });
    expect(stack.sim.writes().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([`PATCH ${path} 200`]);
    expect(groupsOf(DEVICE_LIMIT)).toEqual([NEW_GROUP]);
  });

  it('undoes a job: the seeded sets come back, PATCHed assignments included', async () => {
    const seeded = (policy: string) => targetsOf(policy);
    const before = { compliance: seeded(COMPLIANCE), config: seeded(CONFIG), limit: seeded(DEVICE_LIMIT) };
    const jobId = await submit([
      add(COMPLIANCE, NEW_GROUP),
      remove(CONFIG, { '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId: S.SEED_EXCLUDED_GROUP_ID }),
      ...['c1', 'c2', 'c3'].map((n) => add(CONFIG, `b3000000-0000-4000-8000-0000000000${n}`)),
      { path: `${DEVICE_LIMIT}/assignments/${S.DEVICE_LIMIT_ENROLLMENT_ASSIGNMENT_ID}`, body: { target: group(NEW_GROUP) } },
    ]);
    expect(await waitForJob(stack.api, jobId)).toMatchObject({ status: 'succeeded' });
    expect(targetsOf(CONFIG)).not.toEqual(before.config);

    const undo = await call(`${stack.api}/jobs/${jobId}/undo`, { method: 'POST' });
    expect(undo.status).toBe(202);
    expect(undo.body).toEqual({ jobId: expect.any(String), status: 'queued', itemCount: 6 });
    const undone = await waitForJob(stack.api, undo.body.jobId);
    expect(undone).toMatchObject({ status: 'succeeded', source: 'undo', origin: { jobId } });
    expect({ compliance: targetsOf(COMPLIANCE), config: targetsOf(CONFIG), limit: targetsOf(DEVICE_LIMIT) }).toEqual(before);
    // Asking again answers with the same undo job.
    const again = await call(`${stack.api}/jobs/${jobId}/undo`, { method: 'POST' });
    expect(again).toMatchObject({ status: 202, body: { jobId: undo.body.jobId } });
  });

  it('leaves an assignment changed since the job as it is, failing its undo item with changedSince', async () => {
    const first = await submit([add(COMPLIANCE, NEW_GROUP, { apiVersion: 'beta' }), add(SETTINGS, NEW_GROUP)]);
    expect(await waitForJob(stack.api, first)).toMatchObject({ status: 'succeeded' });
    // Someone puts a filter on the compliance assignment afterwards.
    const filtered = { ...group(NEW_GROUP), deviceAndAppManagementAssignmentFilterId: S.SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' };
    const later = await submit([{ ...add(COMPLIANCE, NEW_GROUP, { apiVersion: 'beta' }), target: filtered }]);
    expect(await waitForJob(stack.api, later)).toMatchObject({ status: 'succeeded' });

    const undo = await call(`${stack.api}/jobs/${first}/undo`, { method: 'POST' });
    const undone = await waitForJob(stack.api, undo.body.jobId);
    expect(undone).toMatchObject({ status: 'partiallySucceeded', counts: { succeeded: 1, failed: 1 } });
    const [kept, restored] = await allItems(stack.api, undo.body.jobId);
    expect(kept).toMatchObject({ status: 'failed', action: 'remove', policy: COMPLIANCE, error: { code: 'changedSince' } });
    expect(restored).toMatchObject({ status: 'succeeded', action: 'remove', policy: SETTINGS });
    expect(stack.sim.listAssignments(`${COMPLIANCE}/assignments`)?.find((a) => a.target.groupId === NEW_GROUP)?.target).toMatchObject(filtered);
    expect(groupsOf(SETTINGS)).toEqual([S.SEED_GROUP_ID]);
  });
});

