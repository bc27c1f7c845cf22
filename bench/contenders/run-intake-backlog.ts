import { QueueClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import { storageNames } from '../../src/config/storage-names.js';
import { freePort } from '../../tools/local-host/free-port.js';
import { startLocalStack } from '../../tools/local-host/start-local-stack.js';
import type { IntakeBacklogResult } from '../resilience-result.js';
import { sleep } from '../sleep.js';
import { benchSimulatorOptions, benchStackEnv, freshNamePrefix, type ContenderContext } from './contender-context.js';

const ITEMS = 10_000;
const BACKLOG = 20_000;
const RUNS = 3;
/** Invisible for an hour: a backlog waiting for its turns, as a large earlier job leaves behind. */
const BACKLOG_VISIBILITY_SECONDS = 3600;

/**
 * How long `POST /api/jobs` takes to accept 10,000 items while 20,000 messages already wait in
 * the bulk queue: three submissions on one stack (after a warm-up submission), then how long
 * the first one's intake took to write all its items. Workers run meanwhile, as they would in
 * production.
 */
export async function runIntakeBacklog(context: ContenderContext): Promise<IntakeBacklogResult> {
  const prefix = freshNamePrefix('intake');
  const starting = startLocalStack({
    env: benchStackEnv(context.settings, await freePort(), prefix),
    instances: 1,
    simulator: benchSimulatorOptions(context),
    output: context.hostLog,
    say: context.say,
  });
  const stop = context.cleanups.add(() => starting.then((stack) => stack.stop(), () => undefined));
  try {
    const stack = await starting;
    // A warm-up job of more than 100 items first, as in the job scenarios: a fresh process's first
    // large submission creates its staging container and intake queue and compiles the code it
    // runs, a cost of a start, not of a submission.
    const warmUp = await fetch(`${stack.api}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch(context, 0, 200)) });
    if (warmUp.status !== 202) throw new Error(`warm-up: ${warmUp.status} ${(await warmUp.text()).slice(0, 300)}`);
    const bulk = new QueueClient(String(stack.env.AzureWebJobsStorage), storageNames(prefix).bulkQueue);
    await bulk.createIfNotExists();
    const started = Date.now();
    const limit = pLimit(64);
    const filler = (n: number) => Buffer.from(JSON.stringify({ v: 1, jobId: `backlog-${n}`, index: 0, token: 'backlog', attempt: 1 })).toString('base64');
    await Promise.all(Array.from({ length: BACKLOG }, (_, n) => limit(() => bulk.sendMessage(filler(n), { visibilityTimeout: BACKLOG_VISIBILITY_SECONDS }))));
    context.say(`${BACKLOG} messages queued in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const postSeconds: number[] = [];
    let first: { jobId: string; postedAt: number } | undefined;
    let bodyBytes = 0;
    for (let run = 1; run <= RUNS; run++) {
      const body = JSON.stringify(batch(context, run));
      bodyBytes = body.length;
      const postedAt = Date.now();
      const response = await fetch(`${stack.api}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as { jobId?: string; itemCount?: number };
      const seconds = (Date.now() - postedAt) / 1000;
      if (response.status !== 202 || answer.itemCount !== ITEMS || !answer.jobId) {
        throw new Error(`run ${run}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      }
      postSeconds.push(round(seconds));
      first ??= { jobId: answer.jobId, postedAt };
      context.say(`run ${run}: ${ITEMS} items accepted in ${seconds.toFixed(2)} s`);
    }

    let recordedSeconds: number | null = null;
    const deadline = Date.now() + context.settings.timeoutMs;
    while (first && Date.now() < deadline) {
      const job = (await (await fetch(`${stack.api}/jobs/${first.jobId}`)).json()) as { intake?: { recorded?: number } };
      if (job.intake?.recorded === ITEMS) {
        recordedSeconds = round((Date.now() - first.postedAt) / 1000);
        break;
      }
      await sleep(500);
    }
    const sorted = [...postSeconds].sort((a, b) => a - b);
    return {
      name: 'intake-10k',
      items: ITEMS,
      backlog: BACKLOG,
      postSeconds,
      postSecondsMedian: sorted[Math.floor(sorted.length / 2)] ?? 0,
      postSecondsMax: sorted.at(-1) ?? 0,
      recordedSeconds,
      bodyMegabytes: round(bodyBytes / 1e6, 1),
    };
  } finally {
    await stop();
  }
}

/** Ten thousand distinct assignments of the bench seed's compliance policies, by path; most do not exist and fail at Graph, which is not what is measured. */
function batch(context: ContenderContext, run: number, count = ITEMS) {
  const [sample] = context.bulkTargets;
  if (!sample) throw new Error('the benchmark seed has no targets');
  const policyPath = sample.path.slice(0, sample.path.lastIndexOf('/'));
  return {
    label: `intake benchmark run ${run}`,
    priority: 'bulk',
    items: Array.from({ length: count }, (_, n) => ({
      ref: `row-${n}`,
      apiVersion: sample.apiVersion,
      path: `${policyPath}/bench-${run}-${n}`,
      body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `group-${n % 50}` } },
    })),
  };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
