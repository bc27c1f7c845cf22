import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPLIANCE_POLICY_ID,
  IOS_COMPLIANCE_ASSIGNMENT_ID,
  IOS_COMPLIANCE_POLICY_ID,
  SEED_DATA,
  SEED_EXCLUDED_GROUP_ID,
  SEED_FILTER_ID,
  SEED_GROUP_ID,
  EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID,
  EDGE_CONFIGURATION_POLICY_ID,
} from '../../tools/graph-sim/seed-data.js';
import type { SeedAssignment } from '../../tools/graph-sim/sim-seed.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

const NEW_GROUP = '9b000000-0000-4000-8000-000000000001';
const NEW_EXCLUDED_GROUP = '9b000000-0000-4000-8000-000000000002';
const RULE_GROUP = '9b000000-0000-4000-8000-000000000003';

const rulesDir = mkdtempSync(join(tmpdir(), 'bulk-assign-rules-'));
const rulesPath = join(rulesDir, 'rules.json');
writeFileSync(
  rulesPath,
  JSON.stringify({
    rules: [
      {
        name: 'department-moved',
        eventType: 'com.contoso.hr.DepartmentMoved',
        label: 'Department {{data.department}} moved',
        items: [
          {
            ref: '{{id}}',
            path: '/deviceManagement/deviceCompliancePolicies/{{data.policyId}}/assignments/{{data.assignmentId}}',
            body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '{{data.groupId}}' } },
          },
        ],
      },
    ],
  }),
);

let stack: Stack;
let hostUrl: string;
beforeAll(async () => {
  stack = await startStack({ label: 'events', env: { EVENT_RULES_PATH: rulesPath } });
  hostUrl = stack.api.replace(/\/api$/, '');
});
afterAll(async () => stack?.stop());

const cloudEvent = (id: string, type: string, data: unknown, source = '/hr/workday') => ({ specversion: '1.0', id, source, type, data });
const postEvents = (body: unknown, contentType = 'application/cloudevents+json', headers: Record<string, string> = {}) =>
  call(`${stack.api}/events`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': contentType, ...headers } });

/** Every stored assignment with where it lives, from the simulator's state. */
function allAssignments(): Array<{ policyId: string; a: SeedAssignment }> {
  const out: Array<{ policyId: string; a: SeedAssignment }> = [];
  for (const p of stack.sim.snapshot().policies) {
    for (const a of p.assignments) out.push({ policyId: p.id, a });
    for (const s of p.subResources ?? []) for (const a of s.assignments) out.push({ policyId: p.id, a });
  }
  return out;
}
const targeting = (groupId: string) => allAssignments().filter(({ a }) => (a.target as { groupId?: string }).groupId === groupId);

describe('BulkAssign.GroupReplaced', () => {
  it('moves every exclusion of the old group, in every policy kind, keeping it an exclusion', async () => {
    const before = targeting(SEED_EXCLUDED_GROUP_ID);
    expect(new Set(before.map(({ policyId }) => policyId[0])).size).toBeGreaterThanOrEqual(3);
    const posted = await postEvents(cloudEvent('evt-excl-1', 'BulkAssign.GroupReplaced', { oldGroupId: SEED_EXCLUDED_GROUP_ID, newGroupId: NEW_EXCLUDED_GROUP }));
    expect(posted.status).toBe(200);
    // The scan runs off the delivery: the answer names the job it will record.
    expect(posted.body.events).toEqual([expect.objectContaining({ id: 'evt-excl-1', outcome: 'accepted', jobId: expect.any(String) })]);
    const job = await waitForEventJob(posted.body.events[0].jobId);
    expect(job).toMatchObject({ status: 'succeeded', source: 'event', counts: { total: before.length }, origin: { eventId: 'evt-excl-1', eventSource: '/hr/workday', eventType: 'BulkAssign.GroupReplaced' } });
    expect(targeting(SEED_EXCLUDED_GROUP_ID)).toEqual([]);
    const moved = targeting(NEW_EXCLUDED_GROUP);
    expect(moved.map(({ a }) => a.id).sort()).toEqual(before.map(({ a }) => a.id).sort());
    for (const { a } of moved) expect(String(a.target['@odata.type'])).toMatch(/exclusionGroupAssignmentTarget$/);
  });

  it('moves every include of the old group across all four policy kinds, keeping filters and intent', async () => {
    // A filter on one of them first, so that keeping it is visible.
    const edgePath = `/beta/deviceManagement/configurationPolicies/${EDGE_CONFIGURATION_POLICY_ID}/assignments/${EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID}`;
    const filtered = { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: SEED_GROUP_ID, deviceAndAppManagementAssignmentFilterId: SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' };
    const setup = await call(`${stack.api}/jobs`, { method: 'POST', json: { items: [{ path: edgePath, body: { target: filtered } }] } });
    expect((await waitForJob(stack.api, setup.body.jobId)).status).toBe('succeeded');

    const before = targeting(SEED_GROUP_ID);
    const kinds = new Set(
      SEED_DATA.policies.filter((p) => before.some(({ policyId }) => policyId === p.id)).map((p) => p.kind),
    );
    expect(kinds.size).toBe(4);
    const posted = await postEvents(cloudEvent('evt-incl-1', 'BulkAssign.GroupReplaced', { oldGroupId: SEED_GROUP_ID, newGroupId: NEW_GROUP }));
    const job = await waitForEventJob(posted.body.events[0].jobId);
    expect(job.counts).toMatchObject({ total: before.length, succeeded: before.length });
    const items = await allItems(stack.api, job.jobId);
    expect(items.every((i) => i.graphRequestId && i.status === 'succeeded')).toBe(true);

    expect(targeting(SEED_GROUP_ID)).toEqual([]);
    expect(targeting(NEW_GROUP).map(({ a }) => a.id).sort()).toEqual(before.map(({ a }) => a.id).sort());
    const edge = targeting(NEW_GROUP).find(({ a }) => a.id === EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID);
    expect(edge?.a.target).toMatchObject({ deviceAndAppManagementAssignmentFilterId: SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' });
    for (const { a } of targeting(NEW_GROUP)) if (a.intent !== undefined) expect(a.intent).toBe('apply');
  });

  it('makes no second job for a redelivered event', async () => {
    const event = cloudEvent('evt-redeliver', 'BulkAssign.GroupReplaced', { oldGroupId: NEW_GROUP, newGroupId: SEED_GROUP_ID });
    const first = await postEvents(event);
    await waitForEventJob(first.body.events[0].jobId);
    const writes = stack.sim.writes().length;
    const again = await postEvents(event);
    expect(again.status).toBe(200);
    expect(again.body.events[0]).toMatchObject({ outcome: 'duplicate', jobId: first.body.events[0].jobId });
    expect(stack.sim.writes().length).toBe(writes);
  });

  it('takes the same event in the other schema for the same event, making no second job', async () => {
    const data = { oldGroupId: '9c000000-0000-4000-8000-0000000000aa', newGroupId: NEW_GROUP };
    const first = await postEvents(cloudEvent('evt-both-schemas', 'BulkAssign.GroupReplaced', data, '/hr/topic'));
    const job = await waitForEventJob(first.body.events[0].jobId);
    const asEventGrid = [{ id: 'evt-both-schemas', topic: '/hr/topic', subject: '', eventType: 'BulkAssign.GroupReplaced', eventTime: new Date().toISOString(), data, dataVersion: '1' }];
    const again = await postEvents(asEventGrid, 'application/json', { 'aeg-event-type': 'Notification' });
    expect(again.body.events[0]).toMatchObject({ outcome: 'duplicate', jobId: job.jobId });
  });

  it('records a job of no items for an event whose old group no assignment targets', async () => {
    const writes = stack.sim.writes().length;
    const posted = await postEvents(cloudEvent('evt-none', 'BulkAssign.GroupReplaced', { oldGroupId: '9c000000-0000-4000-8000-00000000000c', newGroupId: NEW_GROUP }));
    expect(posted.body.events[0]).toMatchObject({ outcome: 'accepted' });
    const job = await waitForEventJob(posted.body.events[0].jobId);
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: 0 }, completedAt: expect.any(String) });
    expect(stack.sim.writes().length).toBe(writes);
  });
});

describe('rules', () => {
  it('turns an HR event into the change its rule describes', async () => {
    const data = { department: 'Finance', policyId: IOS_COMPLIANCE_POLICY_ID, assignmentId: IOS_COMPLIANCE_ASSIGNMENT_ID, groupId: RULE_GROUP };
    const posted = await postEvents([cloudEvent('hr-1', 'com.contoso.hr.DepartmentMoved', data)], 'application/cloudevents-batch+json');
    expect(posted.status).toBe(200);
    const job = await waitForJob(stack.api, posted.body.events[0].jobId);
    expect(job).toMatchObject({ label: 'Department Finance moved', status: 'succeeded', origin: { ruleName: 'department-moved', eventId: 'hr-1' } });
    const [item] = await allItems(stack.api, job.jobId);
    expect(item).toMatchObject({ ref: 'hr-1', path: `/deviceManagement/deviceCompliancePolicies/${IOS_COMPLIANCE_POLICY_ID}/assignments/${IOS_COMPLIANCE_ASSIGNMENT_ID}` });
    expect(stack.sim.getAssignment(item.path)?.target).toMatchObject({ groupId: RULE_GROUP });
  });

  it('acknowledges and logs an event no rule matches', async () => {
    const posted = await postEvents(cloudEvent('unknown-1', 'com.contoso.hr.Unknown', {}));
    expect(posted.status).toBe(200);
    expect(posted.body.events[0]).toMatchObject({ outcome: 'noRule', jobId: null });
  });

  it('refuses an event whose data would make a path outside the catalog, naming the field, and acts on none of the delivery', async () => {
    const writes = stack.sim.writes().length;
    const good = cloudEvent('hr-2', 'com.contoso.hr.DepartmentMoved', { department: 'x', policyId: COMPLIANCE_POLICY_ID, assignmentId: IOS_COMPLIANCE_ASSIGNMENT_ID, groupId: RULE_GROUP });
    const bad = cloudEvent('hr-3', 'com.contoso.hr.DepartmentMoved', { department: 'x', policyId: '../../users', assignmentId: 'a', groupId: RULE_GROUP });
    const posted = await postEvents([good, bad], 'application/cloudevents-batch+json');
    expect(posted.status).toBe(400);
    expect(posted.headers.get('content-type')).toMatch(/problem\+json/);
    expect(posted.body.errors).toEqual([expect.objectContaining({ field: 'events[1].items[0].path' })]);
    const again = await postEvents([good], 'application/cloudevents-batch+json');
    expect(again.body.events[0].outcome).toBe('jobCreated');
    await waitForJob(stack.api, again.body.events[0].jobId);
    expect(stack.sim.writes().length).toBe(writes + 1);
  });
});

describe('deliveries', () => {
  it('refuses a malformed event with an error naming the event and field', async () => {
    const posted = await postEvents({ specversion: '1.0', source: '/hr', type: 'BulkAssign.GroupReplaced', data: { oldGroupId: 'nope', newGroupId: NEW_GROUP } });
    expect(posted.status).toBe(400);
    const fields = posted.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('events[0].id');
  });

  it('refuses GroupReplaced data that is not two different group ids', async () => {
    const posted = await postEvents(cloudEvent('bad-data', 'BulkAssign.GroupReplaced', { oldGroupId: 'nope', newGroupId: NEW_GROUP }));
    expect(posted.status).toBe(400);
    expect(posted.body.errors).toEqual([expect.objectContaining({ field: 'events[0].data.oldGroupId' })]);
  });

  it('answers the Event Grid subscription handshake on the webhook', async () => {
    const posted = await postEvents(
      [{ id: 'v1', topic: '/subscriptions/x', subject: '', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: new Date().toISOString(), data: { validationCode: 'code-123' }, dataVersion: '1', metadataVersion: '1' }],
      'application/json',
      { 'aeg-event-type': 'SubscriptionValidation' },
    );
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ validationResponse: 'code-123' });
  });

  it('answers the CloudEvents webhook validation with the allowed origin', async () => {
    const response = await fetch(`${stack.api}/events`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('takes Event Grid schema events through the Event Grid trigger, as the runtime delivers them', async () => {
    const event = {
      id: 'eg-1',
      topic: '/subscriptions/s/resourceGroups/r/providers/Microsoft.EventGrid/topics/hr',
      subject: 'groups/finance',
      eventType: 'BulkAssign.GroupReplaced',
      eventTime: new Date().toISOString(),
      data: { oldGroupId: RULE_GROUP, newGroupId: NEW_GROUP },
      dataVersion: '1.0',
    };
    const url = `${hostUrl}/runtime/webhooks/eventgrid?functionName=receive-event-grid-event`;
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' }, body: JSON.stringify([event]) });
    expect((await post()).status).toBe(202);
    const job = await findJobOfEvent('eg-1');
    expect(job).toMatchObject({ source: 'event', origin: { eventId: 'eg-1', eventSource: event.topic } });
    const done = await waitForJob(stack.api, job.jobId);
    expect(done.counts.succeeded).toBe(1);
    expect(targeting(RULE_GROUP)).toEqual([]);
    expect((await post()).status).toBe(202);
    const jobs = (await call(`${stack.api}/jobs?limit=100`)).body.jobs.filter((j: any) => j.origin?.eventId === 'eg-1');
    expect(jobs).toHaveLength(1);
  });
});

/** The job an accepted event names, once its scan has recorded it, and finished. */
async function waitForEventJob(jobId: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  while ((await call(`${stack.api}/jobs/${jobId}`)).status === 404) {
    if (Date.now() > deadline) throw new Error(`job ${jobId} not recorded within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return waitForJob(stack.api, jobId);
}

async function findJobOfEvent(eventId: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call(`${stack.api}/jobs?limit=100`);
    const job = body.jobs.find((j: any) => j.origin?.eventId === eventId);
    if (job) return job;
    if (Date.now() > deadline) throw new Error(`no job for event ${eventId}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
