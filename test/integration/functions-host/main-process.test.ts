import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The process entry is tested compiled, as a parent process runs it (`npm test` builds first).
const mainJs = fileURLToPath(new URL('../../../dist/tools/local-host/functions-host/main.js', import.meta.url));
const appDir = fileURLToPath(new URL('../../fixtures/functions-host-http-app/', import.meta.url));

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [mainJs], {
    cwd: appDir,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^Host started.*$/m.exec(output);
      if (line) resolve(line[0]);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, ready, exited };
}

describe.skipIf(!existsSync(mainJs))('local Functions host process entry', () => {
  it('prints its URL when ready, serves the app and exits 0 on SIGTERM', async () => {
    const { child, ready, exited } = startMain({ PORT: '0' });
    const line = await ready;
    const url = /^Host started on (http:\/\/\S+)$/.exec(line)?.[1];
    expect(url).toBeDefined();

    const response = await fetch(`${url}/api/jobs/stats`);
    expect(await response.json()).toEqual({ route: 'stats' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('runs worker-only without an HTTP server when LOCAL_HOST_HTTP=0 and exits 0 on SIGINT', async () => {
    const { child, ready, exited } = startMain({ LOCAL_HOST_HTTP: '0' });
    expect(await ready).toBe('Host started (worker only)');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
