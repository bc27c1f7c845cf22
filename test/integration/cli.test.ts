import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseItemsCsv } from '../../cli/csv/parse-items-csv.js';
import * as S from '../../tools/graph-sim/seed-data.js';
import type { SimSeed } from '../../tools/graph-sim/sim-seed.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The compiled command line, run as `npx bulk-assign` runs it (`npm test` builds first). */
const CLI = join(ROOT, 'dist/cli/main.js');
const EXAMPLE = join(ROOT, 'examples/assignments.csv');
const SETS_EXAMPLE = join(ROOT, 'examples/assignment-sets.csv');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let stack: Stack;
let url: string;
let dir: string;

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, '--url', url, ...args], { cwd: ROOT, env: { PATH: process.env.PATH }, timeout: 50_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function jobIdOf(run: Run): string {
  const match = /Submitted job (\S+) /.exec(run.stdout);
  if (!match) throw new Error(`no job id in ${run.stdout} / ${run.stderr}`);
  return match[1]!;
}

function changesOf(csv: string) {
  const parsed = parseItemsCsv(csv);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.items;
}

beforeAll(async () => {
  stack = await startStack({ label: 'cli' });
  url = stack.api.replace(/\/api$/, '');
  dir = await mkdtemp(join(tmpdir(), 'bulk-assign-cli-'));
});

afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the bulk-assign command line against the running service', () => {
  it('submits the example CSV, shows progress to the end, and exports results that submit reads back unchanged', async () => {
    const submit = await cli('submit', EXAMPLE, '--wait', '--interval', '200');
    expect(submit.stderr).toMatch(/8\/8 \| succeeded 8 \| failed 0 \| retrying 0 \| queued 0 \| succeeded/);
    expect(submit.stdout).toMatch(/succeeded in [\d.]+ s: 8 succeeded, 0 failed, 0 canceled of 8\./);
    expect(submit.code).toBe(0);
    const jobId = jobIdOf(submit);

    const exportFile = join(dir, 'export.csv');
    const exported = await cli('items', jobId, '--csv', '--output', exportFile);
    expect(exported.code).toBe(0);
    const csv = await readFile(exportFile, 'utf8');
    const rows = csv.trim().split('\n');
    expect(rows).toHaveLength(9);
    expect(rows.slice(1).every((row) => /,succeeded,,1,200,,,[0-9a-f-]{36},[0-9a-f-]{36},/.test(row))).toBe(true);
    expect(changesOf(csv)).toEqual(changesOf(await readFile(EXAMPLE, 'utf8')));

    // Graph now holds every change, so a dry run of the export finds nothing to do.
    const plan = await cli('submit', exportFile, '--plan');
    expect(plan.stdout).toContain('Plan for 8 item(s): 0 would change, 8 already as asked, 0 could not be read.');
    expect(plan.code).toBe(0);
  });

  it('shows a dry run as a table of what each row would change', async () => {
    const file = join(dir, 'move.csv');
    const example = await readFile(EXAMPLE, 'utf8');
    await writeFile(file, example.replace('9a000000-0000-4000-8000-000000000002', '9b000000-0000-4000-8000-000000000009'));
    const plan = await cli('submit', file, '--plan');
    expect(plan.stdout).toMatch(/line 8 \(ref scep-root-certificate\) │ change │ target +│ target: exclusionGroup +│ target: exclusionGroup/);
    expect(plan.stdout).toMatch(/│ 9a000000-0000-4000-8000-000000000002 +│ 9b000000-0000-4000-8000-000000000009 +│/);
    expect(plan.stdout).toContain('Plan for 8 item(s): 1 would change, 7 already as asked');
  });

  it("ends with exit code 2 when an item fails, and lists the item with Graph's error", async () => {
    stack.sim.setFaults([{ status: 403, code: 'Forbidden', message: 'Injected: the app may not change this assignment', pathContains: '4a000000-0000-4000-8000-000000000004', times: 1 }]);
    const submit = await cli('submit', EXAMPLE, '--wait', '--interval', '200');
    expect(submit.stdout).toMatch(/partiallySucceeded in [\d.]+ s: 7 succeeded, 1 failed, 0 canceled of 8\./);
    expect(submit.stderr).toContain(`bulk-assign items ${jobIdOf(submit)} --status failed`);
    expect(submit.code).toBe(2);
    const failed = await cli('items', jobIdOf(submit), '--status', 'failed');
    expect(failed.stdout).toMatch(/scep-root-certificate.*failed.*403.*Forbidden: Injected: the app may not change this assignment/);
  });

  it('explains a refused submission in sentences that name the line and the field', async () => {
    const file = join(dir, 'bad.csv');
    const example = await readFile(EXAMPLE, 'utf8');
    await writeFile(file, example.replace(',v1.0,/deviceManagement/deviceCompliancePolicies', ',v2.0,/deviceManagement/deviceCompliancePolicies'));
    const submit = await cli('submit', file);
    expect(submit.code).toBe(1);
    expect(submit.stderr).toContain('The service answered 400: The submission is invalid. 1 error(s) in 1 item(s); nothing was queued.');
    expect(submit.stderr).toContain('line 2 (ref win10-compliance): items[0].apiVersion: must be one of v1.0, beta; got "v2.0"');
    const missing = await cli('watch', 'no-such-job');
    expect(missing.stderr).toContain("The service answered 404: Job not found. There is no job 'no-such-job'.");
    expect(missing.code).toBe(1);
  });
});

/** The simulator's whole state, read over HTTP from its inspection endpoint as a person with curl would. */
async function simState(): Promise<SimSeed> {
  const response = await fetch(`${stack.sim.url}/_sim/state`);
  expect(response.status).toBe(200);
  return (await response.json()) as SimSeed;
}

/**
 * Every policy's and certificate's assignments by owner id, as targets and properties without
 * the ids (a set written again gives a re-added assignment a new one, as Intune does) and
 * without Graph's defaults (intent `apply`, source `direct`), which a set written in v1.0
 * cannot state.
 */
function setsOf(state: SimSeed): Record<string, unknown[]> {
  const strip = (assignments: SimSeed['policies'][number]['assignments']) =>
    assignments.map(({ id: _id, ...rest }) => Object.fromEntries(Object.entries(rest).filter(([name, value]) => !(name === 'intent' && value === 'apply') && !(name === 'source' && value === 'direct'))));
  const sets: Record<string, unknown[]> = {};
  for (const policy of state.policies) {
    sets[policy.id] = strip(policy.assignments);
    for (const certificate of policy.subResources ?? []) sets[certificate.id] = strip(certificate.assignments);
  }
  return sets;
}

describe('assignment-set rows and undo through the command line', () => {
  const group = (groupId: string, filter?: string) => ({
    target: {
      '@odata.type': 'microsoft.graph.groupAssignmentTarget',
      groupId,
      ...(filter ? { deviceAndAppManagementAssignmentFilterId: filter, deviceAndAppManagementAssignmentFilterType: 'include' } : {}),
    },
  });
  const PILOT = 'b0000000-0000-4000-8000-000000000001';
  let seeded: Record<string, unknown[]>;
  let jobId: string;

  beforeAll(async () => {
    // The tests above changed seeded assignments; these start from the seed.
    stack.sim.reset();
    seeded = setsOf(await simState());
  });

  it('submits the add and remove rows of the example with --wait, and Graph then holds the sets they ask for', async () => {
    const plan = await cli('submit', SETS_EXAMPLE, '--plan');
    expect(plan.stdout).toMatch(/line 6 \(ref device-config-drop-exclusion\) │ remove │/);
    expect(plan.stdout).toMatch(/line 9 \(ref defender-pilot-3\) +│ add +│/);
    expect(plan.stdout).toContain('Plan for 8 item(s): 8 would change, 0 already as asked, 0 could not be read. Nothing was changed.');
    expect(setsOf(await simState())).toEqual(seeded);

    const submit = await cli('submit', SETS_EXAMPLE, '--wait', '--interval', '200');
    expect(submit.stdout).toMatch(/succeeded in [\d.]+ s: 8 succeeded, 0 failed, 0 canceled of 8\./);
    expect(submit.code).toBe(0);
    jobId = jobIdOf(submit);

    const sets = setsOf(await simState());
    expect(sets).toEqual({
      ...seeded,
      [S.COMPLIANCE_POLICY_ID]: [...seeded[S.COMPLIANCE_POLICY_ID]!, group(PILOT)],
      [S.EDGE_CONFIGURATION_POLICY_ID]: [...seeded[S.EDGE_CONFIGURATION_POLICY_ID]!, group(PILOT)],
      [S.DEVICE_LIMIT_ENROLLMENT_CONFIGURATION_ID]: [...seeded[S.DEVICE_LIMIT_ENROLLMENT_CONFIGURATION_ID]!, group(PILOT)],
      // The exclusion is gone and the pilot group is in: one read and one write of the set.
      [S.DEVICE_CONFIGURATION_ID]: [group(S.SEED_GROUP_ID), group(PILOT)],
      [S.DEFENDER_CONFIGURATION_POLICY_ID]: [
        ...seeded[S.DEFENDER_CONFIGURATION_POLICY_ID]!,
        group('b0000000-0000-4000-8000-000000000002'),
        group('b0000000-0000-4000-8000-000000000003'),
        group('b0000000-0000-4000-8000-000000000004', S.SEED_FILTER_ID),
      ],
    });
    const defenderWrites = stack.sim.writes().filter((w) => w.path.endsWith(`${S.DEFENDER_CONFIGURATION_POLICY_ID}/assign`) && w.applied);
    expect(defenderWrites).toHaveLength(1);
  });

  it('exports the set items as CSV with action, policy, target and intent, which submit reads back as the same changes', async () => {
    const exportFile = join(dir, 'sets-export.csv');
    const exported = await cli('items', jobId, '--csv', '--output', exportFile);
    expect(exported.code).toBe(0);
    const csv = await readFile(exportFile, 'utf8');
    expect(csv).toContain(
      `device-config-add,add,beta,,/deviceManagement/deviceConfigurations/${S.DEVICE_CONFIGURATION_ID},group,${PILOT},,,,,,apply,,,,3,succeeded,false,1,200,`,
    );
    expect(changesOf(csv)).toEqual(changesOf(await readFile(SETS_EXAMPLE, 'utf8')));

    // Graph holds every set as the export asks, so its plan finds nothing to do ...
    const plan = await cli('submit', exportFile, '--plan');
    expect(plan.stdout).toContain('Plan for 8 item(s): 0 would change, 8 already as asked, 0 could not be read.');
    // ... and an edited row is the only change of the edited export.
    const edited = join(dir, 'sets-edited.csv');
    await writeFile(edited, csv.replace('b0000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000005'));
    const editedPlan = await cli('submit', edited, '--plan');
    expect(editedPlan.stdout).toMatch(/line 9 \(ref defender-pilot-3\) +│ add +│ target/);
    expect(editedPlan.stdout).toContain('Plan for 8 item(s): 1 would change, 7 already as asked, 0 could not be read.');
  });

  it('undoes the job with undo --wait, which puts every set back as seeded, and a second undo names the first', async () => {
    const undo = await cli('undo', jobId, '--wait', '--interval', '200');
    const undoJobId = /Submitted undo job (\S+) \(8 item\(s\), queued\) for job /.exec(undo.stdout)?.[1];
    expect(undoJobId, undo.stdout + undo.stderr).toBeDefined();
    expect(undo.stdout).toMatch(new RegExp(`Job ${undoJobId} succeeded in [\\d.]+ s: 8 succeeded, 0 failed, 0 canceled of 8\\.`));
    expect(undo.code).toBe(0);
    expect(setsOf(await simState())).toEqual(seeded);

    const again = await cli('undo', jobId);
    expect(again.stdout).toContain(`Job ${jobId} was already undone by job ${undoJobId} (8 item(s), succeeded); nothing new was submitted.`);
    expect(again.code).toBe(0);
  });
});

describe('the offline checks of the bulk-assign command line', () => {
  const rule = (path: string) => ({
    rules: [
      {
        name: 'kiosk-exclusion',
        eventType: 'Contoso.Devices.KioskGroupCreated',
        label: 'Exclude kiosk group {{data.kioskGroupId}}',
        items: [{ apiVersion: 'beta', path, body: { target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: '{{data.kioskGroupId}}' } } }],
      },
    ],
  });

  it('accepts a rules file the service would start with, and lists each problem of one it would not', async () => {
    const good = join(dir, 'rules.json');
    await writeFile(good, JSON.stringify(rule('/deviceManagement/deviceConfigurations/{{data.configurationId}}/assignments/{{data.assignmentId}}')));
    const ok = await cli('validate-rules', good);
    expect(ok.stdout).toContain('1 rule(s), all valid: kiosk-exclusion (Contoso.Devices.KioskGroupCreated).');
    expect(ok.code).toBe(0);

    const bad = join(dir, 'bad-rules.json');
    await writeFile(bad, JSON.stringify(rule('/deviceManagement/somethingElse/{{data.configurationId}}')));
    const refused = await cli('validate-rules', bad);
    expect(refused.stderr).toContain('The service would refuse this rules file at start-up:');
    expect(refused.stderr).toMatch(/rules\[0\]\.items\[0\]\.path: /);
    expect(refused.code).toBe(1);
  });

  it('checks a folder of desired-state documents together, naming the file and field of each problem', async () => {
    const state = join(dir, 'desired');
    const assignment = (groupId: string) => ({
      path: '/deviceManagement/deviceCompliancePolicies/10000000-0000-4000-8000-000000000001/assignments/1a000000-0000-4000-8000-000000000001',
      body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId } },
    });
    await import('node:fs/promises').then((fs) => fs.mkdir(join(state, 'team'), { recursive: true }));
    await writeFile(join(state, 'compliance.json'), JSON.stringify({ assignments: [assignment('g-1')] }));
    await writeFile(join(state, 'README.md'), 'not a document');
    const ok = await cli('validate-desired-state', state);
    expect(ok.stdout).toContain('1 document(s), 1 desired assignment(s), all valid.');
    expect(ok.code).toBe(0);

    await writeFile(join(state, 'team', 'again.json'), JSON.stringify({ assignments: [assignment('g-2')], owner: 'x' }));
    const refused = await cli('validate-desired-state', state);
    expect(refused.stderr).toContain('team/again.json: owner: is not a desired-state field');
    expect(refused.stderr).toContain('team/again.json: assignments[0].path: declares the same assignment as compliance.json assignments[0]');
    expect(refused.code).toBe(1);
  });
});
