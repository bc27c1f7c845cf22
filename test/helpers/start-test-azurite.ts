import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A throw-away Azurite for one test file. */
export interface TestAzurite {
  /** Explicit devstoreaccount1 connection string for the ports Azurite picked. */
  readonly connectionString: string;
  readonly queuePort: number;
  stop(): Promise<void>;
}

const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const listening = /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/[^\s:]+:(\d+)/g;

/**
 * Starts Azurite in memory on free ports (it has no programmatic API, so as a child process) and
 * resolves once all three services have printed their ports.
 */
export async function startTestAzurite(timeoutMs = 20_000): Promise<TestAzurite> {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const child = spawn(
    process.execPath,
    [bin, '--silent', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose',
      '--blobPort', '0', '--queuePort', '0', '--tablePort', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    let output = '';
    const found: Record<string, number> = {};
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of output.matchAll(listening)) found[match[1]!.toLowerCase()] = Number(match[2]);
      if (found['blob'] && found['queue'] && found['table']) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited before it started:\n${output}`));
    });
  });

  const endpoint = (port: number | undefined) => `http://127.0.0.1:${port}/devstoreaccount1`;
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${accountKey};` +
      `BlobEndpoint=${endpoint(ports['blob'])};QueueEndpoint=${endpoint(ports['queue'])};TableEndpoint=${endpoint(ports['table'])};`,
    queuePort: ports['queue']!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
