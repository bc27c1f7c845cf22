import type { ServiceClient } from '../service/service-client.js';

/** What every command gets: the service, and where to write. */
export interface CliContext {
  readonly client: ServiceClient;
  /** Results a script may read (job ids, tables, CSV). */
  readonly out: NodeJS.WriteStream;
  /** Progress and messages for the person watching. */
  readonly err: NodeJS.WriteStream;
}

/** Waiting options shared by the commands that can follow a job. */
export interface WaitOptions {
  readonly wait?: boolean;
  readonly interval: string;
}

export function intervalMs(value: string): number {
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 100 || ms > 60_000) throw new Error(`--interval must be milliseconds from 100 to 60000, got '${value}'`);
  return ms;
}
