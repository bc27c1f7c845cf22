import type { ChildProcess } from 'node:child_process';

/**
 * Ends a child process with `signal` and resolves once it has exited; one that has not exited
 * `graceMs` later is killed (SIGKILL). With SIGKILL itself the child ends at once, as in a crash.
 */
export async function endChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
