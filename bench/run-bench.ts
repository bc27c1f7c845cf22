/**
 * `npm run bench [-- --items N] [--job-items N] [--only name,name] [--timeout-seconds S]`
 *
 * One benchmark run against the local Graph simulator with a scaled-down write limit
 * (`GRAPH_SIM_WRITE_LIMIT`, default 200/20s per app; `GRAPH_SIM_TENANT_WRITE_LIMIT`, default
 * 400/20s), comparing ways of applying the same bulk items, each on a fresh Azurite and
 * simulator:
 *
 * - `service-1`, `service-3`: the service with one or three host instances, the bulk job alone
 *   through `POST /api/jobs` (`GRAPH_WRITE_BUDGET`, default 200/20s);
 * - `service-3-interactive`: the same with three instances while a 1-item interactive change goes
 *   in every 3 s (`--interactive-every-seconds`);
 * - `baseline-a`: one script, `p-limit(16)`, the Graph SDK's default RetryHandler;
 * - `baseline-b`: three hosts of a minimal function app, one PATCH per message, retry by redelivery.
 *
 * The baselines face the same interactive changes. Then four job
 * scenarios, each on a fresh stack of one instance against a simulator that meters Intune's
 * throttling families apart:
 *
 * - `job-300`: a bulk job of `--job-items` (300) items, timed from its POST to its first and last write;
 * - `crowded-policies`: the same with 50 of its items to each policy, so that they share policy leases;
 * - `mixed-families`, `mixed-shared`: a job of as many items spread over the three families, with a
 *   budget per family (`GRAPH_BUDGET_SCOPE=family`) and with one shared budget.
 *
 * Then `intake-10k` (a 10,000-item POST with 20,000 messages already queued) and
 * `kill-recovery` (a job whose host and on-disk Azurite are killed mid-way and restarted).
 *
 * Writes `bench/out/results.json`, `results.md`, `writes-per-second.svg`,
 * `job-writes-per-second.svg` and each run's host log.
 */
import { createWriteStream, mkdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { describeSettings, parseBenchSettings, type BenchSettings } from './bench-settings.js';
import { buildBenchSeed } from './build-bench-seed.js';
import { CleanupRegistry } from './cleanup-registry.js';
import type { ContenderResult } from './contender-result.js';
import { runContender } from './contenders/run-contender.js';
import { runJobScenario, type JobScenario } from './contenders/run-job-scenario.js';
import type { JobScenarioName, JobScenarioResult } from './job-scenario-result.js';
import { formatScenarioTable } from './format-scenario-table.js';
import { formatTargets } from './format-targets.js';
import { drawChart } from './draw-chart.js';
import { formatResultsMarkdown } from './format-results-markdown.js';
import { formatResultsTable } from './format-results-table.js';
import { OUT_DIR } from './project-paths.js';
import { runResilience } from './contenders/run-resilience.js';
import { formatResilienceMarkdown } from './format-resilience-markdown.js';
import type { ResilienceResult } from './resilience-result.js';

/** Assignments per policy in `crowded-policies`: a job changing many groups of a few policies. */
const CROWDED_PER_POLICY = 50;

let settings: BenchSettings;
try {
  settings = parseBenchSettings(process.argv.slice(2), process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

const cleanups = new CleanupRegistry();
let stopping = false;
/** Stops every process still running, then exits; the contenders' own `finally` blocks may not get the chance. */
function stopEverything(code: number, why: string): void {
  if (stopping) return;
  stopping = true;
  console.error(`${why}: stopping everything`);
  void cleanups.runAll().finally(() => process.exit(code));
}
process.on('SIGINT', () => stopEverything(130, 'SIGINT'));
process.on('SIGTERM', () => stopEverything(143, 'SIGTERM'));
process.on('unhandledRejection', (reason) => {
  console.error(reason);
  stopEverything(1, 'unhandled rejection');
});

mkdirSync(OUT_DIR, { recursive: true });
// Charts of runs not made this time would read as this run's.
for (const chart of ['writes-per-second.svg', 'job-writes-per-second.svg']) rmSync(path.join(OUT_DIR, chart), { force: true });
// Enough distinct assignments for every interactive submission a contender can make before its timeout.
const interactiveCount = settings.interactiveEveryMs > 0 ? Math.ceil(settings.timeoutMs / settings.interactiveEveryMs) + 5 : 0;
const perFamily = Math.ceil(settings.jobItems / 3);
const { seed, targets, crowdedTargets } = buildBenchSeed(
  {
    // One more than the job scenarios need: their warm-up change.
    deviceConfiguration: Math.max(settings.items + interactiveCount, settings.jobItems + 1),
    deviceConfigV2: perFamily,
    deviceEnrollment: perFamily,
  },
  { count: settings.jobItems, perPolicy: CROWDED_PER_POLICY },
);
const compliance = targets.filter((t) => t.family === 'deviceConfiguration');
const bulkTargets = compliance.slice(0, settings.items);
const interactiveTargets = compliance.slice(settings.items, settings.items + interactiveCount);
// The mixed job takes the families in turn, as a reconciliation touching every kind would.
const byFamily = (family: string) => targets.filter((t) => t.family === family);
const mixedTargets = Array.from({ length: settings.jobItems }, (_, i) => byFamily(['deviceConfiguration', 'deviceConfigV2', 'deviceEnrollment'][i % 3]!)[Math.floor(i / 3)]!);
const scenarioOf: Record<JobScenarioName, JobScenario> = {
  'job-300': {
    name: 'job-300',
    description: `one bulk job of ${settings.jobItems} compliance items (one throttling family), timed from its POST`,
    targets: compliance.slice(0, settings.jobItems),
    warmUp: compliance[settings.jobItems]!,
    budgetScope: 'family',
    ratePerSecond: settings.ratePerSecond,
  },
  'crowded-policies': {
    name: 'crowded-policies',
    description: `one bulk job of ${settings.jobItems} compliance items, ${CROWDED_PER_POLICY} assignments of each policy (PATCHes sharing their policies' leases), timed from its POST`,
    targets: crowdedTargets,
    warmUp: compliance[settings.jobItems]!,
    budgetScope: 'family',
    ratePerSecond: settings.ratePerSecond,
  },
  'mixed-families': {
    name: 'mixed-families',
    description: `one bulk job of ${settings.jobItems} items over the three throttling families, a budget per family (GRAPH_BUDGET_SCOPE=family)`,
    targets: mixedTargets,
    warmUp: compliance[settings.jobItems]!,
    budgetScope: 'family',
    ratePerSecond: 3 * settings.ratePerSecond,
  },
  'mixed-shared': {
    name: 'mixed-shared',
    description: `the same job with one budget for all families (GRAPH_BUDGET_SCOPE=shared)`,
    targets: mixedTargets,
    warmUp: compliance[settings.jobItems]!,
    budgetScope: 'shared',
    ratePerSecond: 3 * settings.ratePerSecond,
  },
};
const described = describeSettings(settings);
console.log(
  `${settings.items} bulk items per contender; ideal ${settings.idealSeconds.toFixed(0)} s at ${settings.ratePerSecond} writes/s; ` +
    `timeout ${settings.timeoutMs / 1000} s each; contenders: ${settings.only.join(', ')}`,
);

const startedAt = new Date();
const results: ContenderResult[] = [];
const scenarios: JobScenarioResult[] = [];
const resilience: ResilienceResult[] = [];
try {
  for (const name of settings.only) {
    if (stopping) break;
    console.log(`\n== ${name} ==`);
    // Opened on the first line, so a contender without host processes leaves no empty file
    // (and none from an earlier run that could be mistaken for this one's).
    const hostLogPath = path.join(OUT_DIR, `${name}-host.log`);
    rmSync(hostLogPath, { force: true });
    let hostLog: WriteStream | undefined;
    try {
      const result = await runContender(name, {
        settings,
        seed,
        bulkTargets,
        interactiveTargets,
        cleanups,
        say: (line) => console.log(`[${name}] ${line}`),
        hostLog: (line) => {
          hostLog ??= createWriteStream(hostLogPath);
          hostLog.write(`${line}\n`);
        },
      });
      results.push(result);
      console.log(`[${name}] ratio ${result.ratio ?? '–'}, ${result.writes.throttled} 429s, ${result.lostItems} lost${result.timedOut ? ', timed out' : ''}`);
    } finally {
      await new Promise<void>((resolve) => (hostLog ? hostLog.end(resolve) : resolve()));
    }
  }
  for (const name of settings.scenarios) {
    if (stopping) break;
    console.log(`\n== ${name} ==`);
    const hostLogPath = path.join(OUT_DIR, `${name}-host.log`);
    rmSync(hostLogPath, { force: true });
    let hostLog: WriteStream | undefined;
    try {
      const result = await runJobScenario(
        {
          settings,
          seed,
          bulkTargets,
          interactiveTargets,
          cleanups,
          say: (line) => console.log(`[${name}] ${line}`),
          hostLog: (line) => {
            hostLog ??= createWriteStream(hostLogPath);
            hostLog.write(`${line}\n`);
          },
        },
        scenarioOf[name],
      );
      scenarios.push(result);
      console.log(
        `[${name}] POST → first write ${result.postToFirstWriteSeconds ?? '–'} s, → last ${result.postToLastWriteSeconds ?? '–'} s ` +
          `(ideal ${result.idealSeconds} s, ratio ${result.ratio ?? '–'}), ${result.writes.throttled} 429s, ${result.lostItems} lost`,
      );
    } catch (error) {
      console.error(`[${name}] failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await new Promise<void>((resolve) => (hostLog ? hostLog.end(resolve) : resolve()));
    }
  }
  for (const name of settings.resilience) {
    if (stopping) break;
    const result = await runResilience(name, { settings, seed, bulkTargets, interactiveTargets, cleanups }, () => stopping);
    if (result) resilience.push(result);
  }
} finally {
  await cleanups.runAll();
}

const finishedAt = new Date();
writeFileSync(
  path.join(OUT_DIR, 'results.json'),
  `${JSON.stringify({ settings: described, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), node: process.version, load: loadAverage(), results, scenarios, resilience }, null, 2)}\n`,
);
writeFileSync(
  path.join(OUT_DIR, 'results.md'),
  formatResultsMarkdown(results, scenarios, described, finishedAt) +
    formatResilienceMarkdown(resilience) +
    formatTargets(results, scenarios, resilience, { load: loadAverage(), cores: described.cores }),
);
if (results.length > 0) {
  writeFileSync(
    path.join(OUT_DIR, 'writes-per-second.svg'),
    drawChart({
      title: `Writes per second: ${settings.items} bulk items, Graph limit ${described.simWriteLimit} per app`,
      series: results.map((r) => ({ name: r.name, perSecond: r.perSecond })),
      budgetPerSecond: settings.ratePerSecond,
    }),
  );
}
if (scenarios.length > 0) {
  writeFileSync(
    path.join(OUT_DIR, 'job-writes-per-second.svg'),
    drawChart({
      title: `Writes per second from the POST: ${settings.jobItems}-item jobs, Graph limit ${described.simWriteLimit} per app and family`,
      series: scenarios.map((r) => ({ name: r.name, perSecond: r.perSecond })),
      budgetPerSecond: settings.ratePerSecond,
    }),
  );
}
if (results.length > 0) console.log(`\n${formatResultsTable(results)}\n`);
if (scenarios.length > 0) console.log(`\n${formatScenarioTable(scenarios)}\n`);
console.log(`Load average at the end (1, 5, 15 min): ${loadAverage().join(', ')}`);
console.log(`Written to ${path.relative(process.cwd(), OUT_DIR) || '.'}: results.json, results.md, writes-per-second.svg, job-writes-per-second.svg, <run>-host.log`);
// Abandoned work (a timed-out contender's sleeping retries) must not keep the process alive.
process.exit(0);

/** The machine's load while the benchmark ran: figures taken on a busy machine are noisy. */
function loadAverage(): number[] {
  return loadavg().map((l) => Number(l.toFixed(2)));
}
