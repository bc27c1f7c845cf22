import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../project-paths.js';

/** The compiled baseline-b app: `dist/bench/baseline-b/` when this file runs from `dist/bench/contenders/`. */
const APP_DIR = fileURLToPath(new URL('../baseline-b/', import.meta.url));
const ENTRY = 'functions/apply-baseline-item.js';

/**
 * Completes the compiled baseline-b app with the two files a Functions host reads from an app's
 * root. They are written at run time because tsc emits only the JavaScript, and because the queue
 * settings must be the project's current ones: baseline-b differs from the service in what the
 * worker does, not in how the host feeds it.
 *
 * @returns the folder to run the host in
 */
export async function prepareBaselineBApp(): Promise<string> {
  if (!existsSync(path.join(APP_DIR, ENTRY))) {
    throw new Error(`${path.join(APP_DIR, ENTRY)} is missing: build first (npm run build)`);
  }
  const projectHost = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'host.json'), 'utf8')) as {
    version?: string;
    functionTimeout?: string;
    extensions?: { queues?: Record<string, unknown> };
  };
  const host = {
    version: projectHost.version ?? '2.0',
    ...(projectHost.functionTimeout ? { functionTimeout: projectHost.functionTimeout } : {}),
    extensions: { queues: projectHost.extensions?.queues ?? {} },
  };
  const pkg = { name: 'bulk-assign-bench-baseline-b', private: true, type: 'module', main: 'functions/*.js' };
  await writeFile(path.join(APP_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(path.join(APP_DIR, 'host.json'), `${JSON.stringify(host, null, 2)}\n`);
  return APP_DIR;
}
