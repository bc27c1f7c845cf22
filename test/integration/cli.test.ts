import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseItemsCsv } from '../../cli/csv/parse-items-csv.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The compiled command line, run as `npx bulk-assign` runs it (`npm test` builds first). */
const CLI = join(ROOT, 'dist/cli/main.js');
const EXAMPLE = join(ROOT, 'examples/assignments.csv');

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
