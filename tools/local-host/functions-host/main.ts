/**
 * Process entry of the local Functions host: runs the app in the current directory.
 *
 * Environment:
 * - `PORT` — HTTP port (default 7071; 0 picks a free one, printed in the ready line).
 * - `AzureWebJobsStorage` and any other connection a binding names.
 * - `LOCAL_QUEUE_MESSAGE_LEASE_SECONDS` — queue message lease while an invocation runs (default 600).
 * - `LOCAL_HOST_HTTP=0` — worker-only instance: no HTTP server, queue listeners only.
 * - `LOCAL_HOST_TIMERS=0|1` — fire timer triggers (default: on unless `LOCAL_HOST_HTTP=0`, since
 *   Azure runs a timer on one instance only).
 * - `LOCAL_HOST_PROCESSOR_COUNT` — cores assumed for the default `newBatchThreshold`.
 *
 * Like Core Tools, values from `local.settings.json` are added to the environment when not
 * already set. Prints `Host started on <url>` (or `Host started (worker only)`) once ready;
 * SIGINT/SIGTERM stop it gracefully with exit code 0.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createFunctionsHost } from './functions-host.js';
import { consoleHostLog } from './host-log.js';

function applyLocalSettings(scriptRoot: string): void {
  let text: string;
  try {
    text = readFileSync(path.join(scriptRoot, 'local.settings.json'), 'utf8');
  } catch {
    return;
  }
  const values = (JSON.parse(text) as { Values?: Record<string, unknown> }).Values ?? {};
  for (const [name, value] of Object.entries(values)) {
    if (process.env[name] === undefined && value !== undefined && value !== null) process.env[name] = String(value);
  }
}

function optionalInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw);
}

async function main(): Promise<void> {
  const scriptRoot = process.cwd();
  applyLocalSettings(scriptRoot);
  const http = flag('LOCAL_HOST_HTTP', true);
  const host = createFunctionsHost({
    scriptRoot,
    port: optionalInteger('PORT') ?? 7071,
    http,
    timers: flag('LOCAL_HOST_TIMERS', http),
    env: process.env,
    queueMessageLeaseSeconds: optionalInteger('LOCAL_QUEUE_MESSAGE_LEASE_SECONDS'),
    processorCount: optionalInteger('LOCAL_HOST_PROCESSOR_COUNT'),
    log: consoleHostLog,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleHostLog('information', `${signal} received, stopping the host`);
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Host failed to stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const { url } = await host.start();
  // A host runs until it is told to stop, as the real one does. Without this, a worker-only host
  // of an app with no queue or timer trigger would find its event loop empty and exit at once,
  // and a signal arriving during that exit would kill it instead of stopping it.
  setInterval(() => undefined, 1 << 30);
  console.log(url ? `Host started on ${url}` : 'Host started (worker only)');
}

main().catch((error: unknown) => {
  console.error(`Host failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
