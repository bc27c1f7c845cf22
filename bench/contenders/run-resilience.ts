import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { OUT_DIR } from '../project-paths.js';
import type { ResilienceResult, ResilienceRunName } from '../resilience-result.js';
import type { ContenderContext } from './contender-context.js';
import { runIntakeBacklog } from './run-intake-backlog.js';
import { runKillRecovery } from './run-kill-recovery.js';

/**
 * Runs one of the resilience runs with its own host log (`<name>-host.log`) and console lines;
 * undefined when it failed, which is reported and does not stop the benchmark.
 */
export async function runResilience(
  name: ResilienceRunName,
  context: Omit<ContenderContext, 'say' | 'hostLog'>,
  stopping: () => boolean,
): Promise<ResilienceResult | undefined> {
  if (stopping()) return undefined;
  console.log(`\n== ${name} ==`);
  const hostLogPath = path.join(OUT_DIR, `${name}-host.log`);
  rmSync(hostLogPath, { force: true });
  let hostLog: WriteStream | undefined;
  const full: ContenderContext = {
    ...context,
    say: (line) => console.log(`[${name}] ${line}`),
    hostLog: (line) => {
      hostLog ??= createWriteStream(hostLogPath);
      hostLog.write(`${line}\n`);
    },
  };
  try {
    const result = name === 'intake-10k' ? await runIntakeBacklog(full) : await runKillRecovery(full);
    console.log(`[${name}] ${JSON.stringify(result)}`);
    return result;
  } catch (error) {
    console.error(`[${name}] failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    await new Promise<void>((resolve) => (hostLog ? hostLog.end(resolve) : resolve()));
  }
}
