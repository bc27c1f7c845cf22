import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { createGraphSimulator } from '../../tools/graph-sim/create-graph-simulator.js';
import { freePort } from '../../tools/local-host/free-port.js';
import { startAzurite, type RunningAzurite } from '../../tools/local-host/start-azurite.js';
import { startLocalStack, type LocalStack } from '../../tools/local-host/start-local-stack.js';
import type { KillRecoveryResult } from '../resilience-result.js';
import { sleep } from '../sleep.js';
import { assignmentIdOf } from '../write-watcher.js';
import { BENCH_APP_ID, benchSimulatorOptions, benchStackEnv, freshNamePrefix, type ContenderContext } from './contender-context.js';
import { JobsApiClient } from './jobs-api-client.js';

const POLL_MS = 500;
/** How long the stack stays dead before it is started again. */
const DOWN_MS = 5000;
const FINAL = new Set(['succeeded', 'failed', 'canceled']);

/**
 * Kills the whole stack mid-job, as a power cut would: the host and Azurite, whose data lives in
 * a folder (`LOCAL_STORAGE_DIR`) and which loses whatever it had not yet written out. Then starts
 * both again on the same folder and measures how long until every item of the job is final, with
 * the sweeper at its default settings. Graph (the simulator) stays up throughout: it is not part
 * of the stack. The figure that must hold: no item left unfinished.
 */
export async function runKillRecovery(context: ContenderContext): Promise<KillRecoveryResult> {
  const { settings } = context;
  const targets = context.bulkTargets.slice(0, settings.jobItems);
  const token = randomBytes(24).toString('base64url');
  const sim = createGraphSimulator({ tokens: { [token]: BENCH_APP_ID }, ...benchSimulatorOptions(context) });
  const { url } = await sim.listen(0);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bulk-assign-kill-'));
  let azurite: RunningAzurite | undefined;
  let stack: LocalStack | undefined;
  const stop = context.cleanups.add(async () => {
    await stack?.stop();
    await azurite?.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  try {
    azurite = await startAzurite({ location: dataDir });
    const ports = azurite.ports;
    const env = {
      ...benchStackEnv(settings, await freePort(), freshNamePrefix('kill')),
      AzureWebJobsStorage: azurite.connection,
      GRAPH_BASE_URL: url,
      GRAPH_AUTH: 'static-token',
      GRAPH_STATIC_TOKEN: token,
    };
    const staleAfterSeconds = loadConfig(env).sweep.staleAfterMs / 1000;
    const output: string[] = [];
    const startHost = () =>
      startLocalStack({ env, instances: 1, output: (line) => (output.push(line), context.hostLog(line)), say: context.say });
    stack = await startHost();
    const client = new JobsApiClient(stack.api);
    const jobId = await client.submit(targets, { label: 'benchmark kill-recovery', priority: 'bulk', signal: AbortSignal.timeout(120_000) });
    const ids = new Set(targets.map((t) => t.assignmentId));
    const applied = () => sim.writes().filter((e) => e.applied && ids.has(assignmentIdOf(e.path)));
    while (applied().length < targets.length / 2) await sleep(100);

    const appliedAtKill = applied().length;
    const killedAt = Date.now();
    await Promise.all(stack.hosts.map((h) => h.stop('SIGKILL')));
    await azurite.kill();
    context.say(`killed host and Azurite after ${appliedAtKill} of ${targets.length} writes`);
    await sleep(DOWN_MS);
    azurite = await startAzurite({ location: dataDir, ports });
    stack = await startHost();
    const restartedAt = Date.now();
    context.say(`restarted ${((restartedAt - killedAt) / 1000).toFixed(1)} s after the kill`);

    const deadline = restartedAt + Math.max(settings.timeoutMs, (4 * staleAfterSeconds + 120) * 1000);
    let finalStatus: string | null = null;
    let restartToFinalSeconds: number | null = null;
    while (Date.now() < deadline) {
      const job = await client.get(jobId, AbortSignal.timeout(10_000)).catch(() => undefined);
      if (job && JobsApiClient.isFinished(job)) {
        finalStatus = job.status;
        restartToFinalSeconds = round((Date.now() - restartedAt) / 1000);
        break;
      }
      await sleep(POLL_MS);
    }
    const statuses = await itemStatuses(stack.api, jobId);
    const stuck = targets.length - statuses.filter((s) => FINAL.has(s)).length;
    const lost = targets.filter((t) => sim.getAssignment(t.path)?.target['groupId'] !== t.groupId).length;
    const sweeps = sweepReports(output);
    return {
      name: 'kill-recovery',
      items: targets.length,
      appliedAtKill,
      downSeconds: round((restartedAt - killedAt) / 1000),
      restartToFinalSeconds,
      staleAfterSeconds,
      redriven: sweeps.reduce((n, r) => n + (r.redriven ?? 0), 0),
      intakesResumed: sweeps.reduce((n, r) => n + (r.intakesResumed ?? 0), 0),
      stuck,
      lost,
      writtenAgain: Math.max(0, applied().length - targets.length),
      finalStatus,
    };
  } finally {
    await stop();
  }
}

/** Every item's status, through the public API. */
async function itemStatuses(api: string, jobId: string): Promise<string[]> {
  const statuses: string[] = [];
  let token: string | null = null;
  do {
    const query: string = `limit=500${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
    const page = (await (await fetch(`${api}/jobs/${jobId}/items?${query}`)).json()) as { items: Array<{ status: string }>; continuationToken: string | null };
    statuses.push(...page.items.map((i) => i.status));
    token = page.continuationToken;
  } while (token);
  return statuses;
}

/** The sweeper's report lines (`sweep-stalled-items: {...}`) from the host's log. */
function sweepReports(lines: readonly string[]): Array<{ redriven?: number; intakesResumed?: number }> {
  return lines
    .filter((l) => l.includes('sweep-stalled-items: {'))
    .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { redriven?: number; intakesResumed?: number });
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
