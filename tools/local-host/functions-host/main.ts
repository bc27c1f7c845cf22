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
 * - `LOCAL_HOST_KEY` — the host key the admin API and the Event Grid webhook require. Whenever
 *   `AUTH_MODE` is not `none` a key is required: this one, or one made at start and written to
 *   `.data/local-host-key` (readable by its owner only; the console names the file, not the key).
 *   With `AUTH_MODE=none` they are open unless this is set.
 *
 * Like Core Tools, values from `local.settings.json` are added to the environment when not
 * already set. Prints `Host started on <url>` (or `Host started (worker only)`) once ready;
 * SIGINT/SIGTERM stop it gracefully with exit code 0.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Azure guards the admin API with the master key; here the same holds whenever callers of the
 * app are authenticated, else anyone could run any function (the nightly reconciliation too).
 */
function chooseHostKey(): { key: string; generated: boolean } | undefined {
  const configured = process.env.LOCAL_HOST_KEY?.trim();
  if (configured) return { key: configured, generated: false };
  const authMode = process.env.AUTH_MODE?.trim().toLowerCase() || 'none';
  return authMode === 'none' ? undefined : { key: randomBytes(24).toString('base64url'), generated: true };
}

async function main(): Promise<void> {
  const scriptRoot = process.cwd();
  applyLocalSettings(scriptRoot);
  const http = flag('LOCAL_HOST_HTTP', true);
  const hostKey = chooseHostKey();
  const host = createFunctionsHost({
    scriptRoot,
    port: optionalInteger('PORT') ?? 7071,
    http,
    timers: flag('LOCAL_HOST_TIMERS', http),
    env: process.env,
    queueMessageLeaseSeconds: optionalInteger('LOCAL_QUEUE_MESSAGE_LEASE_SECONDS'),
    processorCount: optionalInteger('LOCAL_HOST_PROCESSOR_COUNT'),
    ...(hostKey ? { hostKey: hostKey.key } : {}),
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
  // Only a key made here is shown, once, to whoever started the host: they have no other way to learn it.
  if (url && hostKey?.generated) {
    // A key is a secret: it goes to a file only its owner can read, never to the console or a log.
    const file = path.join(scriptRoot, '.data', 'local-host-key');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${hostKey.key}\n`, { mode: 0o600 });
    console.log(`Host key (x-functions-key for /admin and /runtime/webhooks) written to ${path.relative(scriptRoot, file)}`);
  }
  console.log(url ? `Host started on ${url}` : 'Host started (worker only)');
}

main().catch((error: unknown) => {
  console.error(`Host failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
