import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { developmentConnection } from '../../src/config/storage-connection.js';

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

const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/[^:]+:(\d+)/;

/**
 * Starts Azurite from the installed package as a child process (it has no programmatic API)
 * and resolves once all three services print the ports they listen on.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('azurite/package.json'));
  const bin = join(packageDir, (require('azurite/package.json') as { bin: { azurite: string } }).bin.azurite);
  const requested = options.ports ?? { blob: 0, queue: 0, table: 0 };
  const args = [
    bin,
    '--silent',
    // Without this Azurite tries to reach the internet at start.
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
    '--blobHost', '127.0.0.1', '--blobPort', String(requested.blob),
    '--queueHost', '127.0.0.1', '--queuePort', String(requested.queue),
    '--tableHost', '127.0.0.1', '--tablePort', String(requested.table),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ports = await waitForPorts(child, options.startTimeoutMs ?? 30_000);
  return {
    connection: developmentConnection(ports),
    ports,
    stop: () => stopChild(child),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function waitForPorts(child: ChildProcess, timeoutMs: number): Promise<{ blob: number; queue: number; table: number }> {
  return new Promise((resolve, reject) => {
    const found: Record<string, number> = {};
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        const m = LISTENING.exec(line);
        if (m) found[(m[1] as string).toLowerCase()] = Number(m[2]);
      }
      if (found.blob && found.queue && found.table) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ blob: found.blob, queue: found.queue, table: found.table });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`Azurite exited with code ${code} before it started:\n${output}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
