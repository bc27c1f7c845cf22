import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  COMPLIANCE_ASSIGNMENT_ID,
  COMPLIANCE_EXCLUSION_ASSIGNMENT_ID,
  COMPLIANCE_POLICY_ID,
  DEVICE_CONFIGURATION_ASSIGNMENT_ID,
  EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID,
  EDGE_CONFIGURATION_POLICY_ID,
  PLATFORM_RESTRICTION_ENROLLMENT_ASSIGNMENT_ID,
  SEED_DATA,
  SEED_EXCLUDED_GROUP_ID,
} from '../../tools/graph-sim/seed-data.js';
import type { SeedAssignment } from '../../tools/graph-sim/sim-seed.js';
import { SAMPLE_DRIFT, sampleDesiredState } from '../../tools/local-host/sample-desired-state.js';
import { sameAssignmentValue } from '../../src/model/same-assignment-value.js';
import type { DesiredStateDocument } from '../../src/reconcile/parse-desired-state.js';
import { allItems, call, waitForJob } from '../helpers/api-client.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

interface Declaration {
  ref?: string;
  apiVersion?: string;
  path: string;
  body: Record<string, unknown>;
}

let stack: Stack;
let container: ContainerClient;

beforeAll(async () => {
  stack = await startStack({ label: 'reconcile' });
  container = BlobServiceClient.fromConnectionString(inject('storageConnection')).getContainerClient(`${stack.prefix}-desired-state`);
});
afterAll(async () => stack?.stop());

// Every test starts from the seed, with no faults, no writes recorded and no desired state; a job
// an earlier test left running is seen to its end first, so its writes cannot land in this one.
beforeEach(async () => {
  const { body } = await call(`${stack.api}/jobs?limit=50`);
  for (const job of body.jobs) await waitForJob(stack.api, job.jobId);
  stack.sim.reset();
  if (await container.exists()) {
    for await (const blob of container.listBlobsFlat()) await container.deleteBlob(blob.name);
  }
});

/** The four sample drifts: the seeded assignment, and the document the sample declares it in. */
const DRIFTED: ReadonlyArray<readonly [string, string]> = [
  [COMPLIANCE_ASSIGNMENT_ID, 'deviceCompliancePolicy.json'],
  [EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID, 'configurationPolicy.json'],
  [PLATFORM_RESTRICTION_ENROLLMENT_ASSIGNMENT_ID, 'deviceEnrollmentConfiguration.json'],
  [DEVICE_CONFIGURATION_ASSIGNMENT_ID, 'deviceConfiguration.json'],
];
const NEW_GROUP_ID = 'b4000000-0000-4000-8000-000000000001';
const TERMINAL_RUN = new Set(['succeeded', 'failed']);

const lastSegment = (path: string) => path.split('/').pop()!;
const declarationsOf = (doc: DesiredStateDocument): Declaration[] => (JSON.parse(doc.text) as { assignments: Declaration[] }).assignments;
const documentOf = (name: string, assignments: readonly unknown[], extra: Record<string, unknown> = {}): DesiredStateDocument => ({
  name,
  text: JSON.stringify({ ...extra, assignments }),
});
const allDeclarations = (docs: readonly DesiredStateDocument[]) => docs.flatMap(declarationsOf);

/** The seeded assignment with this id, wherever it sits (policy or nested certificate). */
function seeded(id: string): SeedAssignment {
  for (const policy of SEED_DATA.policies) {
    for (const a of [...policy.assignments, ...(policy.subResources ?? []).flatMap((s) => s.assignments)]) if (a.id === id) return a;
  }
  throw new Error(`no seeded assignment ${id}`);
}

/** Rewrites each document's assignments; `edit` returns the new list. */
function editDocuments(docs: readonly DesiredStateDocument[], edit: (name: string, list: Declaration[]) => Declaration[]): DesiredStateDocument[] {
  return docs.map((doc) => ({ ...doc, text: JSON.stringify({ ...JSON.parse(doc.text), assignments: edit(doc.name, declarationsOf(doc)) }) }));
}

/** The sample with its drifts taken back out: every seeded assignment declared as the seed holds it. */
function inSyncDesiredState(): DesiredStateDocument[] {
  return editDocuments(sampleDesiredState(), (_name, list) =>
    list.map((d) => (SAMPLE_DRIFT[lastSegment(d.path)] ? { ...d, body: { ...d.body, target: seeded(lastSegment(d.path)).target } } : d)),
  );
}

async function putDocuments(docs: readonly DesiredStateDocument[]): Promise<void> {
  await container.createIfNotExists();
  for (const doc of docs) {
    await container.getBlockBlobClient(doc.name).upload(doc.text, Buffer.byteLength(doc.text), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }
}

const startRun = (json?: unknown) => call(`${stack.api}/reconciliations`, { method: 'POST', ...(json === undefined ? {} : { json }) });

async function waitForRun(reconciliationId: string, timeoutMs = 45_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await call(`${stack.api}/reconciliations/${reconciliationId}`);
    expect(status).toBe(200);
    if (TERMINAL_RUN.has(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`reconciliation ${reconciliationId} still ${JSON.stringify(body)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts a run and waits for it to end; answers the run with its drift report. */
async function reconcile(options: { dryRun?: boolean } = {}): Promise<any> {
  const started = await startRun(options);
  expect(started.status).toBe(202);
  expect(started.headers.get('location')).toBe(`/api/reconciliations/${started.body.reconciliationId}`);
  expect(started.body).toMatchObject({ status: 'queued', dryRun: options.dryRun === true, trigger: 'api' });
  return waitForRun(started.body.reconciliationId);
}

/** Declarations whose stated properties Graph (the simulator) does not hold. */
function notHeld(declarations: readonly Declaration[]): string[] {
  const differences: string[] = [];
  for (const d of declarations) {
    const stored = stack.sim.getAssignment(d.path);
    if (!stored) {
      differences.push(`${d.path}: not in the simulator`);
      continue;
    }
    for (const [name, value] of Object.entries(d.body)) {
      if (!sameAssignmentValue(stored[name], value)) differences.push(`${d.path}: ${name} is ${JSON.stringify(stored[name])}, declared ${JSON.stringify(value)}`);
    }
  }
  return differences;
}

describe('a dry run', () => {
  it('reports the one drift in each policy kind and changes nothing', async () => {
    expect(Object.keys(SAMPLE_DRIFT).sort()).toEqual(DRIFTED.map(([id]) => id).sort());
    const docs = sampleDesiredState();
    await putDocuments(docs);

    const run = await reconcile({ dryRun: true });

    const declared = allDeclarations(docs).length;
    expect(run).toMatchObject({
      status: 'succeeded',
      dryRun: true,
      trigger: 'api',
      documents: docs.map((d) => d.name).sort(),
      counts: { declared, inSync: declared - 4, changed: 4, missing: 0, undeclared: 0 },
      jobId: null,
      errors: [],
      failure: null,
    });
    expect(run.startedAt).toEqual(expect.any(String));
    expect(run.completedAt).toEqual(expect.any(String));
    expect(run.drift).toHaveLength(4);
    for (const [id, file] of DRIFTED) {
      const doc = docs.find((d) => d.name === file)!;
      const position = declarationsOf(doc).findIndex((d) => lastSegment(d.path) === id);
      const declaration = declarationsOf(doc)[position]!;
      const seed = seeded(id);
      const desiredTarget = SAMPLE_DRIFT[id]!(seed).target;
      const entry = run.drift.find((e: { path: string }) => lastSegment(e.path) === id);
      expect(entry, `drift entry for ${id}`).toMatchObject({
        kind: 'changed',
        file,
        position,
        ref: declaration.ref,
        apiVersion: 'beta',
        path: declaration.path,
        changed: ['target'],
        before: { id, target: seed.target },
        after: { id },
      });
      expect(sameAssignmentValue(entry.after.target, desiredTarget), JSON.stringify(entry.after.target)).toBe(true);
    }
    expect(stack.sim.writes()).toEqual([]);
    expect(notHeld(allDeclarations(inSyncDesiredState()))).toEqual([]);
  });
});

describe('a full run', () => {
  it('fixes the drift with one bulk job, after which Graph holds the desired state and a second run finds nothing', async () => {
    const docs = sampleDesiredState();
    await putDocuments(docs);

    const run = await reconcile();
    expect(run).toMatchObject({ status: 'succeeded', dryRun: false, counts: { changed: 4, missing: 0, undeclared: 0 }, errors: [] });
    expect(run.jobId).toEqual(expect.any(String));
    expect(run.drift.map((e: { kind: string }) => e.kind)).toEqual(['changed', 'changed', 'changed', 'changed']);

    const job = await waitForJob(stack.api, run.jobId);
    expect(job).toMatchObject({
      jobId: run.jobId,
      source: 'reconcile',
      priority: 'bulk',
      status: 'succeeded',
      origin: { reconciliationId: run.reconciliationId },
      counts: { total: 4, succeeded: 4, failed: 0 },
    });
    const items = await allItems(stack.api, run.jobId);
    expect(items.map((i) => i.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(items.map((i) => lastSegment(i.path)).sort()).toEqual(DRIFTED.map(([id]) => id).sort());
    // The job's items name the declarations they came from.
    const refs = new Map(allDeclarations(docs).map((d) => [lastSegment(d.path), d.ref]));
    for (const item of items) expect(item.ref).toBe(refs.get(lastSegment(item.path)));

    const writes = stack.sim.writes();
    expect(writes.filter((w) => w.applied).map((w) => lastSegment(w.path)).sort()).toEqual(DRIFTED.map(([id]) => id).sort());
    expect(notHeld(allDeclarations(docs))).toEqual([]);
    for (const [id] of DRIFTED) {
      const path = allDeclarations(docs).find((d) => lastSegment(d.path) === id)!.path;
      const held = stack.sim.getAssignment(path)?.target;
      expect(sameAssignmentValue(held, SAMPLE_DRIFT[id]!(seeded(id)).target), JSON.stringify(held)).toBe(true);
    }

    const again = await reconcile();
    const declared = allDeclarations(docs).length;
    expect(again).toMatchObject({
      status: 'succeeded',
      counts: { declared, inSync: declared, changed: 0, missing: 0, undeclared: 0 },
      jobId: null,
      drift: [],
    });
    expect(stack.sim.writes()).toHaveLength(writes.length);
  });

  it('creates a declared assignment Graph lacks and removes an undeclared one from an exclusive policy, reporting the rest', async () => {
    const compliancePolicy = `/deviceManagement/deviceCompliancePolicies/${COMPLIANCE_POLICY_ID}`;
    const exclusionPath = `${compliancePolicy}/assignments/${COMPLIANCE_EXCLUSION_ASSIGNMENT_ID}`;
    const edgePath = `/deviceManagement/configurationPolicies/${EDGE_CONFIGURATION_POLICY_ID}/assignments/${EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID}`;
    const newTarget = { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: NEW_GROUP_ID };
    // Compliance: the exclusion is no longer declared, a new group is, and the policy is exclusive.
    // Settings catalog: the Edge assignment is no longer declared, and that policy is not exclusive.
    const docs = inSyncDesiredState().map((doc) => {
      const list = declarationsOf(doc).filter((d) => d.path !== exclusionPath && d.path !== edgePath);
      if (doc.name === 'deviceCompliancePolicy.json') {
        return documentOf(doc.name, [...list, { ref: 'new group', policy: compliancePolicy, apiVersion: 'beta', target: newTarget }], {
          policies: [{ policy: compliancePolicy, exclusive: true }],
        });
      }
      return documentOf(doc.name, list);
    });
    await putDocuments(docs);

    const dry = await reconcile({ dryRun: true });
    const declared = allDeclarations(docs).length;
    expect(dry).toMatchObject({ status: 'succeeded', jobId: null, counts: { declared, inSync: declared - 1, changed: 0, missing: 1, undeclared: 2 } });
    expect(dry.drift.filter((e: { kind: string }) => e.kind === 'missing')).toEqual([
      { kind: 'missing', file: 'deviceCompliancePolicy.json', position: declarationsOf(docs.find((d) => d.name === 'deviceCompliancePolicy.json')!).length - 1, ref: 'new group', apiVersion: 'beta', path: compliancePolicy, after: { target: newTarget }, fix: 'add' },
    ]);
    expect(dry.drift.filter((e: { kind: string }) => e.kind === 'undeclared').map((e: { path: string; fix: string | null }) => [e.path, e.fix])).toEqual([
      [exclusionPath, 'remove'],
      [edgePath, null],
    ]);
    expect(stack.sim.writes()).toEqual([]);

    const run = await reconcile();
    const job = await waitForJob(stack.api, run.jobId);
    expect(job).toMatchObject({ status: 'succeeded', source: 'reconcile', counts: { total: 2, succeeded: 2 } });
    expect((await allItems(stack.api, run.jobId)).map((i) => [i.action, i.policy, i.noop])).toEqual([
      ['add', compliancePolicy, false],
      ['remove', compliancePolicy, false],
    ]);
    // One read-modify-write of the compliance policy for both; the Edge assignment is left alone.
    expect(stack.sim.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST /beta${compliancePolicy}/assign`]);
    const held = stack.sim.listAssignments(`${compliancePolicy}/assignments`)!.map((a) => a.target);
    expect(held).toEqual([seeded(COMPLIANCE_ASSIGNMENT_ID).target, newTarget]);
    expect(stack.sim.getAssignment(edgePath)).toEqual(seeded(EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID));

    const after = await reconcile({ dryRun: true });
    expect(after.counts).toMatchObject({ changed: 0, missing: 0, undeclared: 1 });
  });
});

describe('invalid desired state', () => {
  const duplicateOfSample = () => {
    const first = declarationsOf(sampleDesiredState()[0]!)[0]!;
    // The same assignment, written through another form of its path.
    return documentOf('zz-again.json', [{ ...first, apiVersion: undefined, path: `/beta${first.path.toUpperCase().replace('/DEVICEMANAGEMENT/DEVICECOMPLIANCEPOLICIES/', '/deviceManagement/deviceCompliancePolicies/').replace('/ASSIGNMENTS/', '/assignments/')}` }]);
  };
  const somePath = () => declarationsOf(sampleDesiredState()[0]!)[0]!.path;
  const target = { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' };

  it.each([
    { problem: 'a document that is not JSON', doc: () => ({ name: 'broken.json', text: '{"assignments": [' }), file: 'broken.json', field: '', message: /not valid JSON/ },
    {
      problem: 'an unknown document field',
      doc: () => documentOf('extra.json', [], { owner: 'platform team' }),
      file: 'extra.json',
      field: 'owner',
      message: /not a desired-state field/,
    },
    {
      problem: 'an unknown assignment field',
      doc: () => documentOf('extra-item.json', [{ path: somePath(), body: { target }, comment: 'why' }]),
      file: 'extra-item.json',
      field: 'assignments[0].comment',
      message: /unknown property/,
    },
    {
      problem: 'a path outside the catalog',
      doc: () => documentOf('outside.json', [{ path: '/deviceManagement/managedDevices/1a000000-0000-4000-8000-000000000001/assignments/x', body: { target } }]),
      file: 'outside.json',
      field: 'assignments[0].path',
      message: /not an assignment endpoint in the catalog/,
    },
    {
      problem: 'an assignment declared in two documents',
      doc: duplicateOfSample,
      file: 'zz-again.json',
      field: 'assignments[0].path',
      message: /same assignment as deviceCompliancePolicy\.json assignments\[0\]/,
    },
  ])('fails the run on $problem, naming file and field, and writes nothing', async ({ doc, file, field, message }) => {
    const docs = [...sampleDesiredState(), doc()];
    await putDocuments(docs);

    const run = await reconcile();

    expect(run).toMatchObject({ status: 'failed', counts: null, jobId: null, failure: null, drift: [] });
    expect(run.documents).toEqual(docs.map((d) => d.name).sort());
    expect(run.errors).toEqual([{ file, field, message: expect.stringMatching(message) }]);
    expect(stack.sim.writes()).toEqual([]);
  });

  it('fails the run when the container holds no document', async () => {
    const run = await reconcile();
    expect(run).toMatchObject({ status: 'failed', documents: [], jobId: null });
    expect(run.errors).toEqual([{ file: '', field: '', message: expect.stringMatching(/no desired-state documents/) }]);
    expect(stack.sim.writes()).toEqual([]);
  });
});

describe('one run at a time', () => {
  it('answers 409 naming the run under way, and accepts a new run once it has ended', async () => {
    await putDocuments(inSyncDesiredState());
    // Every Graph read hangs, so the first run cannot end while the second request is made.
    stack.sim.setFaults([{ mode: 'hang', method: 'GET' }]);
    const first = await startRun({ dryRun: true });
    expect(first.status).toBe(202);
    const id = first.body.reconciliationId;

    const second = await startRun({});
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/problem\+json/);
    expect(second.body).toMatchObject({ type: 'urn:bulk-assign:problem:conflict', status: 409, reconciliationId: id });
    expect(second.body.detail).toContain(id);
    const listed = await call(`${stack.api}/reconciliations?limit=5`);
    expect(listed.body.reconciliations[0]).toMatchObject({ reconciliationId: id });
    expect(listed.body.reconciliations.filter((r: { status: string }) => r.status === 'queued' || r.status === 'running')).toHaveLength(1);

    stack.sim.clearFaults();
    const ended = await waitForRun(id, 90_000);
    expect(ended).toMatchObject({ status: 'succeeded', counts: { changed: 0 } });
    const next = await reconcile({ dryRun: true });
    expect(next.status).toBe('succeeded');
  });
});

describe('the nightly timer', () => {
  it('queues a full run with trigger timer when fired, and the run completes', async () => {
    const docs = inSyncDesiredState();
    await putDocuments(docs);
    const before = await call(`${stack.api}/reconciliations?limit=1`);
    const previous = before.body.reconciliations[0]?.reconciliationId ?? null;

    const fired = await fetch(`http://127.0.0.1:${stack.env.PORT}/admin/functions/reconcile-nightly`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fired.status).toBe(202);

    let queued: any;
    const deadline = Date.now() + 30_000;
    while (!queued) {
      const { body } = await call(`${stack.api}/reconciliations?limit=1`);
      const newest = body.reconciliations[0];
      if (newest && newest.reconciliationId !== previous) queued = newest;
      else if (Date.now() > deadline) throw new Error('the timer queued no reconciliation');
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(queued).toMatchObject({ trigger: 'timer', dryRun: false });
    const run = await waitForRun(queued.reconciliationId);
    const declared = allDeclarations(docs).length;
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'timer', counts: { declared, inSync: declared, changed: 0 }, jobId: null });
  });
});

describe('requests the API refuses', () => {
  it('answers 404 problem+json for a reconciliation that does not exist', async () => {
    for (const id of ['20260101T000000000Z-00000000', 'not-an-id']) {
      const { status, headers, body } = await call(`${stack.api}/reconciliations/${id}`);
      expect(status).toBe(404);
      expect(headers.get('content-type')).toMatch(/problem\+json/);
      expect(body).toMatchObject({ type: 'urn:bulk-assign:problem:not-found', status: 404 });
      expect(body.detail).toContain(id);
    }
  });

  it('answers 400 naming the field for a dryRun that is not a boolean or an unknown option, and starts nothing', async () => {
    const before = (await call(`${stack.api}/reconciliations?limit=50`)).body.reconciliations.length;
    const notBoolean = await startRun({ dryRun: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.headers.get('content-type')).toMatch(/problem\+json/);
    expect(notBoolean.body).toMatchObject({ type: 'urn:bulk-assign:problem:invalid-request' });
    expect(notBoolean.body.errors).toEqual([{ field: 'dryRun', message: expect.stringMatching(/boolean/) }]);

    const unknown = await startRun({ dryRun: true, force: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'force', message: expect.stringMatching(/not a reconciliation option/) }]);

    expect((await call(`${stack.api}/reconciliations?limit=50`)).body.reconciliations).toHaveLength(before);
  });
});
