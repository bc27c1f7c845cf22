import type { ThrottleScope } from '../../src/catalog/catalog-endpoints.js';
import { THROTTLE_FAMILIES } from '../../src/catalog/throttle-families.js';
import { freePort } from '../../tools/local-host/free-port.js';
import { startLocalStack } from '../../tools/local-host/start-local-stack.js';
import type { BenchTarget } from '../build-bench-seed.js';
import type { JobScenarioName, JobScenarioResult } from '../job-scenario-result.js';
import { perSecond } from '../per-second.js';
import { sleep } from '../sleep.js';
import { assignmentIdOf } from '../write-watcher.js';
import { BENCH_APP_ID, benchSimulatorOptions, benchStackEnv, freshNamePrefix, type ContenderContext } from './contender-context.js';
import { JobsApiClient, type JobSnapshot } from './jobs-api-client.js';

export interface JobScenario {
  readonly name: JobScenarioName;
  readonly description: string;
  readonly targets: readonly BenchTarget[];
  /** A change outside the job, applied first so that the job meets a warm service. */
  readonly warmUp: BenchTarget;
  /** `GRAPH_BUDGET_SCOPE` of the service. */
  readonly budgetScope: 'family' | 'shared';
  /** Writes per second Graph allows this job: the simulator's limit times the families it meters apart. */
  readonly ratePerSecond: number;
}

const POLL_MS = 250;
/** Time for the stack to settle after start-up (hosts polling, tables created) before the job is posted. */
const SETTLE_MS = 3000;

/**
 * One bulk job on a fresh stack of one instance, nothing else running, against a simulator that
 * meters Intune's throttling families apart (as Graph does): how long from `POST /api/jobs` to the
 * first and to the last write, against the time the budget allows. A 1-item change goes first
 * and is waited for, so that the job meets a service that has handled a request before, as a
 * running one has: a fresh process's first request creates its tables and queues and compiles
 * the code it runs, a cost of a start, not of a job.
 */
export async function runJobScenario(context: ContenderContext, scenario: JobScenario): Promise<JobScenarioResult> {
  const { settings } = context;
  const port = await freePort();
  if (context.cleanups.signal.aborted) throw new Error('interrupted before start-up');
  const starting = startLocalStack({
    env: { ...benchStackEnv(settings, port, freshNamePrefix(scenario.name.replace(/[^a-z0-9]/g, ''))), GRAPH_BUDGET_SCOPE: scenario.budgetScope },
    instances: 1,
    simulator: { ...benchSimulatorOptions(context), throttleScopes: 'separate' },
    output: context.hostLog,
    say: context.say,
  });
  const stop = context.cleanups.add(() => starting.then((stack) => stack.stop(), () => undefined));
  try {
    const stack = await starting;
    const sim = stack.simulator;
    if (!sim) throw new Error('the local stack started no Graph simulator');
    await sleep(SETTLE_MS);
    const client = new JobsApiClient(stack.api);
    const warmUp = await client.submit([scenario.warmUp], { label: `benchmark ${scenario.name} warm-up`, signal: AbortSignal.timeout(60_000) });
    for (let job = await client.get(warmUp); !JobsApiClient.isFinished(job); job = await client.get(warmUp)) await sleep(POLL_MS);
    const postedAt = Date.now();
    const jobId = await client.submit(scenario.targets, { label: `benchmark ${scenario.name}`, priority: 'bulk', signal: AbortSignal.timeout(settings.timeoutMs) });
    const answeredAt = Date.now();
    const deadline = postedAt + settings.timeoutMs;
    let last: JobSnapshot | undefined;
    while (Date.now() < deadline) {
      last = await client.get(jobId, AbortSignal.timeout(10_000)).catch(() => last);
      if (last && JobsApiClient.isFinished(last)) break;
      await sleep(POLL_MS);
    }
    const finished = last !== undefined && JobsApiClient.isFinished(last);

    const log = sim.writes();
    const ids = new Set(scenario.targets.map((t) => t.assignmentId));
    const applied = log.filter((e) => e.applied && ids.has(assignmentIdOf(e.path)));
    const firstWriteAt = applied[0]?.at;
    const lastWriteAt = applied.at(-1)?.at;
    const lostItems = scenario.targets.filter((t) => sim.getAssignment(t.path)?.target['groupId'] !== t.groupId).length;
    const throttled = log.filter((e) => e.status === 429).length;
    const idealSeconds = scenario.targets.length / scenario.ratePerSecond;
    const seconds = (from: number, to: number | undefined) => (to === undefined ? null : round((to - from) / 1000));
    const postToLast = seconds(postedAt, lastWriteAt);
    const peaks = sim.stats().maxWritesInWindow.perPartition;
    return {
      name: scenario.name,
      description: scenario.description,
      items: scenario.targets.length,
      budgetScope: scenario.budgetScope,
      timedOut: !finished,
      idealSeconds: round(idealSeconds),
      postAnsweredSeconds: seconds(postedAt, answeredAt),
      postToFirstWriteSeconds: seconds(postedAt, firstWriteAt),
      postToLastWriteSeconds: postToLast,
      firstToLastWriteSeconds: firstWriteAt === undefined ? null : seconds(firstWriteAt, lastWriteAt),
      ratio: postToLast === null ? null : round(idealSeconds / postToLast),
      writesPerSecond: postToLast === null ? null : round(applied.length / postToLast, 2),
      writes: {
        attempts: log.length,
        throttled,
        throttledPercent: log.length === 0 ? 0 : round((throttled / log.length) * 100, 1),
        premature: sim.stats().writes.premature,
      },
      maxInWindowPerFamily: Object.fromEntries(THROTTLE_FAMILIES.map((f) => [f, peaks[f]?.[BENCH_APP_ID] ?? 0])) as Record<ThrottleScope, number>,
      windowLimit: settings.simWriteLimit.count,
      lostItems,
      perSecond: perSecond(log.filter((e) => e.at >= postedAt), postedAt),
    };
  } finally {
    await stop();
  }
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
