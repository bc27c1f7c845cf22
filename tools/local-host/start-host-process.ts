import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { endChild } from './end-child.js';

/** The compiled entry point of one local Functions host instance. */
const HOST_MAIN = fileURLToPath(new URL('./functions-host/main.js', import.meta.url));
const READY = /Host started/;

export interface HostProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts one host instance as its own process, as Azure runs each instance on its own worker,
 * and resolves once it says it is ready. Its output is passed through with a prefix.
 */
export async function startHostProcess(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  label: string;
  output?: (line: string) => void;
  startTimeoutMs?: number;
  /** Compiled host entry point. @default the one beside this file */
  entry?: string;
}): Promise<HostProcess> {
  const child = spawn(process.execPath, [options.entry ?? HOST_MAIN], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const print = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.label} did not start within ${options.startTimeoutMs ?? 60_000} ms`)), options.startTimeoutMs ?? 60_000);
    const relay = (stream: NodeJS.ReadableStream | null) => {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          print(`[${options.label}] ${line}`);
          if (!ready && READY.test(line)) {
            ready = true;
            clearTimeout(timer);
            resolve();
          }
        }
      });
    };
    relay(child.stdout);
    relay(child.stderr);
    void exited.then((code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${options.label} exited with code ${code} before it was ready`));
      }
    });
  });
  return {
    child,
    exited,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => endChild(child, signal, 15_000),
  };
}
