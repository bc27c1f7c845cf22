import { formatRate } from '../../src/model/rate.js';
import { startLocalStack, type LocalStack } from '../../tools/local-host/start-local-stack.js';
import type { ContenderName } from '../bench-settings.js';
import type { BenchTarget } from '../build-bench-seed.js';
import type { ContenderResult } from '../contender-result.js';
import { freePort } from '../../tools/local-host/free-port.js';
import { startInteractiveProbe } from '../interactive-probe.js';
import { InvocationMeter } from '../invocation-meter.js';
import { sleep } from '../sleep.js';
import { summarizeContender } from '../summarize-contender.js';
import {
  BENCH_APP_ID,
  benchSimulatorOptions,
  benchStackEnv,
  freshNamePrefix,
  type ContenderContext,
} from './contender-context.js';
import { JobsApiClient, type JobSnapshot } from './jobs-api-client.js';

/** The queue-triggered workers of the service; HTTP and timer functions are not billed per item. */
const WORKER_FUNCTIONS = /^apply-(bulk|interactive)-item$/;
/** How long interactive submissions still open when the bulk work ends may take to finish. */
const PROBE_GRACE_MS = 30_000;
const POLL_MS = 500;
const PROGRESS_EVERY_MS = 10_000;
/** Consecutive failed status polls after which the host is taken to be gone. */
const MAX_POLL_FAILURES = 20;

/** How the service is run: how many host instances, and whether people submit changes meanwhile. */
export interface ServiceShape {
  readonly instances: number;
  /**
   * Whether a 1-item interactive job goes in every few seconds while the bulk job drains. Those
   * changes spend the same budget, so the bulk job alone shows what the budget gives bulk work,
   * and the two together what a person waits while a backlog drains.
   */
  readonly interactive: boolean;
}

/**
 * The service as deployed: `instances` local Functions hosts on one storage account, one bulk
 * job through `POST /api/jobs`, alone or with a 1-item interactive job every few seconds meanwhile.
 */
export async function runService(context: ContenderContext, name: ContenderName, shape: ServiceShape): Promise<ContenderResult> {
  const { settings } = context;
  const { instances } = shape;
  const meter = new InvocationMeter(WORKER_FUNCTIONS);
  const port = await freePort();
  if (context.cleanups.signal.aborted) throw new Error('interrupted before start-up');
  const starting = startLocalStack({
    env: benchStackEnv(settings, port, freshNamePrefix(`s${instances}`)),
    instances,
    simulator: benchSimulatorOptions(context),
    output: (line) => {
      meter.observe(line);
      context.hostLog(line);
    },
    say: context.say,
  });
  // Registered before start-up ends: an interrupt meanwhile must still stop what did start.
  const stop = context.cleanups.add(() => starting.then((stack) => stack.stop(), () => undefined));
  try {
    const stack = await starting;
    const sim = stack.simulator;
    if (!sim) throw new Error('the local stack started no Graph simulator');
    const client = new JobsApiClient(stack.api);

    const startedAt = Date.now();
    const deadline = startedAt + settings.timeoutMs;
    const probe = startInteractiveProbe({
      everyMs: shape.interactive ? settings.interactiveEveryMs : 0,
      targets: context.interactiveTargets,
      submit: (target, signal) => submitInteractive(client, target, signal),
    });

    let last: JobSnapshot | undefined;
    let error: string | undefined;
    try {
      const jobId = await client.submit(context.bulkTargets, {
        label: `benchmark ${name}`,
        priority: 'bulk',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      context.say(`bulk job ${jobId} accepted after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      last = await waitForJob(client, jobId, stack, deadline, (job) =>
        context.say(`${job.counts['succeeded'] ?? 0} succeeded, ${job.counts['failed'] ?? 0} failed, ${job.counts['retrying'] ?? 0} retrying of ${job.counts['total'] ?? '?'} after ${Math.round((Date.now() - startedAt) / 1000)} s`),
      );
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const finished = last !== undefined && JobsApiClient.isFinished(last);
    const timedOut = error === undefined && !finished;
    if (timedOut) context.say(`timed out after ${settings.timeoutMs / 1000} s`);
    const probeSamples = await probe.stop(finished ? PROBE_GRACE_MS : 0);

    const billed = meter.totals();
    return summarizeContender({
      name,
      description:
        `the service, ${instances} instance${instances === 1 ? '' : 's'}, GRAPH_WRITE_BUDGET ${formatRate(settings.serviceBudget)}, ` +
        (shape.interactive && settings.interactiveEveryMs > 0 ? `a 1-item interactive job every ${settings.interactiveEveryMs / 1000} s meanwhile` : 'the bulk job alone'),
      settings,
      sim,
      appId: BENCH_APP_ID,
      startedAt,
      bulkTargets: context.bulkTargets,
      // completedAt is stamped by the worker that finished the last item, in the same clock.
      bulkEndAt: finished && last?.completedAt ? Date.parse(last.completedAt) : undefined,
      timedOut,
      ...(error !== undefined ? { error } : {}),
      probe: probeSamples,
      probeObserves: true,
      billed: { basis: 'invocations', ...billed },
      reported: { ...(last?.counts ?? {}) },
    });
  } finally {
    await stop();
  }
}

/** Polls the bulk job until it is finished or the deadline passes; the last snapshot either way. */
async function waitForJob(
  client: JobsApiClient,
  jobId: string,
  stack: LocalStack,
  deadline: number,
  progress: (job: JobSnapshot) => void,
): Promise<JobSnapshot | undefined> {
  let last: JobSnapshot | undefined;
  let failures = 0;
  let nextProgress = Date.now() + PROGRESS_EVERY_MS;
  while (Date.now() < deadline) {
    const gone = stack.hosts.findIndex((h) => h.child.exitCode !== null || h.child.signalCode !== null);
    if (gone >= 0) throw new Error(`host ${gone + 1} exited while the job ran (see its log)`);
    try {
      last = await client.get(jobId, AbortSignal.timeout(10_000));
      failures = 0;
      if (JobsApiClient.isFinished(last)) return last;
    } catch (error) {
      if (++failures >= MAX_POLL_FAILURES) throw new Error(`job status unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (last && Date.now() >= nextProgress) {
      progress(last);
      nextProgress += PROGRESS_EVERY_MS;
    }
    await sleep(POLL_MS);
  }
  return last;
}

/**
 * A person's change: a 1-item job with no priority (so the interactive lane), then
 * `GET /api/jobs/{id}` every 100 ms, as a portal would, until the job is finished.
 */
async function submitInteractive(client: JobsApiClient, target: BenchTarget, signal: AbortSignal): Promise<number | undefined> {
  try {
    const jobId = await client.submit([target], { label: 'benchmark interactive probe', signal });
    while (!signal.aborted) {
      const job = await client.get(jobId, signal).catch(() => undefined);
      if (job && JobsApiClient.isFinished(job)) return Date.now();
      await sleep(100, signal);
    }
    return undefined;
  } catch (error) {
    if (signal.aborted) return undefined;
    throw error;
  }
}
