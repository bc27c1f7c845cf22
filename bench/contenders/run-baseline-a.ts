import { randomBytes, randomUUID } from 'node:crypto';
import {
  Client,
  HTTPMessageHandler,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import pLimit from 'p-limit';
import { BearerTokenHandler } from '../../src/graph/bearer-token-handler.js';
import { createAccessTokenSource } from '../../src/graph/graph-auth.js';
import { createGraphSimulator } from '../../tools/graph-sim/create-graph-simulator.js';
import type { BenchTarget } from '../build-bench-seed.js';
import type { ContenderResult } from '../contender-result.js';
import { startInteractiveProbe } from '../interactive-probe.js';
import { raceAbort } from '../race-abort.js';
import { sleep } from '../sleep.js';
import { summarizeContender } from '../summarize-contender.js';
import { BENCH_APP_ID, benchSimulatorOptions, type ContenderContext } from './contender-context.js';

const PROGRESS_EVERY_MS = 10_000;
/** Interactive PATCHes queue behind every bulk PATCH in the one limiter, so they get as long as the deadline allows. */
const PROBE_GRACE_MS = 30_000;

/**
 * The script people write first: every PATCH at once through `p-limit(16)`, with the Graph SDK's
 * default `RetryHandler` sleeping in-process on 429/503/504 (Retry-After honoured, 3 retries).
 * No queue, no storage, no budget; whatever still fails after the SDK's retries is lost.
 */
export async function runBaselineA(context: ContenderContext): Promise<ContenderResult> {
  const { settings } = context;
  const token = randomBytes(24).toString('base64url');
  const sim = createGraphSimulator({ tokens: { [token]: BENCH_APP_ID }, ...benchSimulatorOptions(context) });
  const { url } = await sim.listen(0, '127.0.0.1');
  context.say(`Graph simulator: ${url}`);
  const stop = context.cleanups.add(() => sim.close());
  try {
    const client = Client.initWithMiddleware({
      baseUrl: url,
      // The SDK's AuthenticationHandler would send no token to a plain-http host, hence ours; the
      // rest is the SDK's default retry and fetch. No telemetry handler: it only adds headers.
      middleware: [
        new BearerTokenHandler(createAccessTokenSource({ mode: 'static-token', token })),
        new RetryHandler(new RetryHandlerOptions()),
        new HTTPMessageHandler(),
      ],
    });
    const stopAll = new AbortController();
    const patch = async (target: BenchTarget): Promise<boolean> => {
      if (stopAll.signal.aborted) return false;
      try {
        const response = (await client
          .api(target.path)
          .version(target.apiVersion)
          .headers({ 'Content-Type': 'application/json', 'client-request-id': randomUUID() })
          .option('signal', stopAll.signal)
          .responseType(ResponseType.RAW)
          .patch(JSON.stringify(target.body))) as Response;
        await response.arrayBuffer();
        return response.ok;
      } catch {
        return false;
      }
    };

    const limit = pLimit(settings.baselineConcurrency);
    const startedAt = Date.now();
    const deadline = startedAt + settings.timeoutMs;
    let settled = 0;
    let succeeded = 0;
    let lastSettledAt = startedAt;
    const bulk = Promise.all(
      context.bulkTargets.map((target) =>
        limit(() => patch(target)).then((ok) => {
          settled++;
          if (ok) succeeded++;
          lastSettledAt = Date.now();
        }),
      ),
    );
    const probe = startInteractiveProbe({
      everyMs: settings.interactiveEveryMs,
      targets: context.interactiveTargets,
      // Same limiter as the bulk items: the script has no notion of priority.
      submit: (target, signal) => raceAbort(limit(() => patch(target)).then(() => Date.now()), signal),
    });

    const timedOut = !(await untilDone(bulk, deadline, () =>
      context.say(`${settled} of ${context.bulkTargets.length} settled, ${succeeded} applied after ${Math.round((Date.now() - startedAt) / 1000)} s`),
    ));
    if (timedOut) context.say(`timed out after ${settings.timeoutMs / 1000} s`);
    const bulkEndAt = timedOut ? undefined : lastSettledAt;
    const probeSamples = await probe.stop(timedOut ? 0 : PROBE_GRACE_MS);
    const wallEnd = Date.now();
    // Nothing may keep writing once measured: queued calls are dropped, calls in flight aborted.
    limit.clearQueue();
    stopAll.abort();

    return summarizeContender({
      name: 'baseline-a',
      description: `one script, p-limit(${settings.baselineConcurrency}), Graph SDK RetryHandler defaults`,
      settings,
      sim,
      appId: BENCH_APP_ID,
      startedAt,
      bulkTargets: context.bulkTargets,
      bulkEndAt,
      timedOut,
      probe: probeSamples,
      probeObserves: false,
      // One process busy from the first PATCH to the last answer: its wall time is what it costs.
      billed: { basis: 'wall', seconds: ((bulkEndAt ?? wallEnd) - startedAt) / 1000 },
      reported: { settled, succeeded },
    });
  } finally {
    await stop();
  }
}

/** True when `work` settled before the deadline; prints progress meanwhile. */
async function untilDone(work: Promise<unknown>, deadline: number, progress: () => void): Promise<boolean> {
  let done = false;
  void work.then(() => (done = true));
  let nextProgress = Date.now() + PROGRESS_EVERY_MS;
  while (!done && Date.now() < deadline) {
    await Promise.race([work, sleep(Math.min(250, Math.max(0, deadline - Date.now())))]);
    if (!done && Date.now() >= nextProgress) {
      progress();
      nextProgress += PROGRESS_EVERY_MS;
    }
  }
  return done;
}
