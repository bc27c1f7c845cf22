import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentConnection } from '../../src/config/storage-connection.js';
import { endChild } from './end-child.js';
import { freePort } from './free-port.js';

export interface AzuriteOptions {
  /** Folder for data that survives a restart; in memory when absent. @default undefined */
  readonly location?: string;
  /** Fixed ports; 0 lets the system pick free ones. @default { blob: 0, queue: 0, table: 0 } */
  readonly ports?: { blob: number; queue: number; table: number };
  /** @default 30000 */
  readonly startTimeoutMs?: number;
}

export interface RunningAzurite {
  readonly connection: string;
  readonly ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
  /** Ends Azurite at once (SIGKILL), as a crash would: whatever it had not yet written to `location` is lost. */
  kill(): Promise<void>;
}

type Service = 'blob' | 'queue' | 'table';
const SERVICES: readonly Service[] = ['blob', 'queue', 'table'];
/** Each service started alone says it has started in words of its own, never naming a port it was given as 0. */
const STARTED = /Azurite \w+ service (?:successfully listens on|successfully started on)/;
/** Time a stopped service has to close before it is killed. */
const STOP_GRACE_MS = 5000;
const require = createRequire(import.meta.url);
const AZURITE_DIR = dirname(require.resolve('azurite/package.json'));
/** Entry files of the installed package, by command name (`azurite-queue`, …). */
const AZURITE_BINS = (require('azurite/package.json') as { bin: Record<string, string> }).bin;
/** Runs a service with the cost of its metadata store's batch removals mended (see the file). */
const SERVICE_RUNNER = fileURLToPath(new URL('./azurite-service.cjs', import.meta.url));
/** Another process may take a free port before a service binds it. */
const PORT_ATTEMPTS = 3;

/**
 * Starts Azurite from the installed package (it has no programmatic API) as one child process
 * per service, and resolves once each says it has started. One process per service, as Azure's
 * services are independent: a single Azurite process runs its queue's periodic sweep of message
 * extents on the event loop that also serves blobs and tables, and with tens of thousands of
 * messages queued that sweep holds every service still for seconds at a time.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const started = await Promise.allSettled(
    SERVICES.map(async (service) => {
      const requested = options.ports?.[service] ?? 0;
      for (let attempt = 1; ; attempt++) {
        const port = requested || (await freePort());
        try {
          return { service, port, child: await startService(service, port, options.location, timeoutMs) };
        } catch (error) {
          if (requested || attempt >= PORT_ATTEMPTS) throw error;
        }
      }
    }),
  );
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const children = running.map((r) => r.child);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(children.map((child) => endChild(child, 'SIGTERM', STOP_GRACE_MS)));
    throw failed.reason;
  }
  const ports = Object.fromEntries(running.map((r) => [r.service, r.port])) as Record<Service, number>;
  return {
    connection: developmentConnection(ports),
    ports,
    stop: async () => {
      await Promise.all(children.map((child) => endChild(child, 'SIGTERM', STOP_GRACE_MS)));
    },
    kill: async () => {
      await Promise.all(children.map((child) => endChild(child, 'SIGKILL', 0)));
    },
  };
}

function startService(service: Service, port: number, location: string | undefined, timeoutMs: number): Promise<ChildProcess> {
  const args = [
    SERVICE_RUNNER,
    join(AZURITE_DIR, AZURITE_BINS[`azurite-${service}`] as string),
    '--silent',
    // Without this Azurite tries to reach the internet at start.
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    // Services keep their data in files of their own, so they can share one folder.
    ...(location ? ['--location', location] : ['--inMemoryPersistence']),
    `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite's ${service} service did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!STARTED.test(output)) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(child);
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`Azurite's ${service} service exited with code ${code} before it started:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onEarlyExit);
  });
}
