import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import { startHostProcess, type HostProcess } from '../../tools/local-host/start-host-process.js';
import { startLocalStack } from '../../tools/local-host/start-local-stack.js';
import { encodeBaselineMessage } from '../baseline-b/baseline-message.js';
import type { ContenderResult } from '../contender-result.js';
import { freePort } from '../../tools/local-host/free-port.js';
import { startInteractiveProbe } from '../interactive-probe.js';
import { InvocationMeter } from '../invocation-meter.js';
import { sleep } from '../sleep.js';
import { summarizeContender } from '../summarize-contender.js';
import { WriteWatcher } from '../write-watcher.js';
import {
  BENCH_APP_ID,
  benchSimulatorOptions,
  benchStackEnv,
  freshNamePrefix,
  type ContenderContext,
} from './contender-context.js';
import { PoisonWatcher } from './poison-watcher.js';
import { prepareBaselineBApp } from './prepare-baseline-b-app.js';

const INSTANCES = 3;
const POLL_MS = 500;
const PROGRESS_EVERY_MS = 10_000;
const PROBE_GRACE_MS = 30_000;
/** Messages sent to the queue at once while enqueueing the bulk work. */
const SEND_CONCURRENCY = 32;

/**
 * The service's shape without its budget: three host processes of a minimal app whose worker
 * PATCHes one item per message and leaves every retry to queue redelivery. One queue, no lanes:
 * interactive PATCHes wait in line with the bulk ones.
 */
export async function runBaselineB(context: ContenderContext): Promise<ContenderResult> {
  const { settings } = context;
  const appDir = await prepareBaselineBApp();
  const prefix = freshNamePrefix('b');
  const port = await freePort();
  if (context.cleanups.signal.aborted) throw new Error('interrupted before start-up');
  // Azurite and the simulator only: the hosts run the baseline app, not the service.
  const starting = startLocalStack({
    env: benchStackEnv(settings, port, prefix),
    instances: 0,
    simulator: benchSimulatorOptions(context),
    output: context.hostLog,
    say: context.say,
  });
  // Registered before start-up ends: an interrupt meanwhile must still stop what did start.
  const stopStack = context.cleanups.add(() => starting.then((stack) => stack.stop(), () => undefined));
  const hostStarts: Promise<HostProcess>[] = [];
  const stopHosts = context.cleanups.add(async () => {
    await Promise.allSettled(hostStarts.map((started) => started.then((host) => host.stop())));
  });
  try {
    const stack = await starting;
    const sim = stack.simulator;
    const connection = stack.env.AzureWebJobsStorage;
    if (!sim || !connection) throw new Error('the local stack started no simulator or storage');
    const queueName = `${prefix}-baseline`;
    const queues = QueueServiceClient.fromConnectionString(connection);
    const queue = queues.getQueueClient(queueName);
    await queue.createIfNotExists();
    const poison = new PoisonWatcher(queues.getQueueClient(`${queueName}-poison`));

    const meter = new InvocationMeter(/^apply-baseline-item$/);
    const hosts: HostProcess[] = [];
    for (let i = 1; i <= INSTANCES; i++) {
      if (context.cleanups.signal.aborted) throw new Error('interrupted while starting hosts');
      const started = startHostProcess({
        cwd: appDir,
        env: {
          ...stack.env,
          LOCAL_HOST_HTTP: '0',
          BASELINE_QUEUE: queueName,
          BASELINE_CONCURRENCY: String(settings.baselineConcurrency),
        },
        label: `baseline-b host ${i}`,
        output: (line) => {
          meter.observe(line);
          context.hostLog(line);
        },
      });
      hostStarts.push(started);
      hosts.push(await started);
    }

    const watcher = new WriteWatcher(sim);
    watcher.start();
    const bulkIds = context.bulkTargets.map((t) => t.assignmentId);
    const startedAt = Date.now();
    const deadline = startedAt + settings.timeoutMs;
    const send = pLimit(SEND_CONCURRENCY);
    let enqueued = false;
    let error: string | undefined;
    const enqueueing = Promise.all(
      context.bulkTargets.map((t) => send(() => queue.sendMessage(encodeBaselineMessage(t)))),
    ).then(
      () => {
        enqueued = true;
        context.say(`${context.bulkTargets.length} messages enqueued after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      },
      (caught: unknown) => {
        error = `enqueueing failed: ${caught instanceof Error ? caught.message : String(caught)}`;
      },
    );
    const probe = startInteractiveProbe({
      everyMs: settings.interactiveEveryMs,
      targets: context.interactiveTargets,
      // No lanes: the interactive PATCH joins the same queue; done when the simulator applies it.
      submit: async (target, signal) => {
        await queue.sendMessage(encodeBaselineMessage(target), { abortSignal: signal });
        return watcher.whenApplied(target.assignmentId, signal);
      },
    });

    let finished = false;
    let emptyPolls = 0;
    let nextProgress = Date.now() + PROGRESS_EVERY_MS;
    while (!finished && error === undefined && Date.now() < deadline) {
      await sleep(POLL_MS);
      const gone = hosts.findIndex((h) => h.child.exitCode !== null || h.child.signalCode !== null);
      if (gone >= 0) {
        error = `baseline-b host ${gone + 1} exited while the run was going (see its log)`;
        break;
      }
      await poison.poll();
      watcher.poll();
      const { applied } = watcher.progress(bulkIds);
      const { poisoned } = poison.progress(bulkIds);
      // Every bulk item applied or given up; or nothing left in the queue at all (the count
      // includes invisible messages), which also covers a message completed without applying.
      emptyPolls = enqueued && (await approximateCount(queue)) === 0 ? emptyPolls + 1 : 0;
      finished = applied + poisoned >= bulkIds.length || emptyPolls >= 2;
      if (!finished && Date.now() >= nextProgress) {
        context.say(`${applied} applied, ${poisoned} poisoned of ${bulkIds.length} after ${Math.round((Date.now() - startedAt) / 1000)} s`);
        nextProgress += PROGRESS_EVERY_MS;
      }
    }
    await enqueueing;
    const timedOut = error === undefined && !finished;
    if (timedOut) context.say(`timed out after ${settings.timeoutMs / 1000} s`);
    const applied = watcher.progress(bulkIds);
    const poisoned = poison.progress(bulkIds);
    // The last bulk item to finish, whether the simulator applied it or the host gave up on it.
    const ends = [applied.lastAt, poisoned.lastAt].filter((at): at is number => at !== undefined);
    const bulkEndAt = finished && ends.length > 0 ? Math.max(...ends) : undefined;
    const probeSamples = await probe.stop(finished ? PROBE_GRACE_MS : 0);
    watcher.stop();

    const billed = meter.totals();
    return summarizeContender({
      name: 'baseline-b',
      description: `${INSTANCES} hosts, p-limit(${settings.baselineConcurrency}) each, retry by queue redelivery, no budget`,
      settings,
      sim,
      appId: BENCH_APP_ID,
      startedAt,
      bulkTargets: context.bulkTargets,
      bulkEndAt,
      timedOut,
      ...(error !== undefined ? { error } : {}),
      probe: probeSamples,
      probeObserves: false,
      billed: { basis: 'invocations', ...billed },
      reported: { applied: applied.applied, poisoned: poisoned.poisoned },
    });
  } finally {
    await stopHosts();
    await stopStack();
  }
}

async function approximateCount(queue: QueueClient): Promise<number | undefined> {
  try {
    return (await queue.getProperties()).approximateMessagesCount;
  } catch {
    return undefined;
  }
}
