import os from 'node:os';
import type { HostLog } from './host-log.js';
import type { AppSettings } from './resolve-app-setting.js';

/** Options of {@link createFunctionsHost}; validated eagerly, errors name the bad value. */
export interface FunctionsHostOptions {
  /** The app root: holds package.json (whose `main` names the entry files) and host.json. */
  readonly scriptRoot: string;
  /** Port of the HTTP front end; `0` picks a free one (see the `url` returned by `start()`). @default 7071 */
  readonly port?: number;
  /** Address the HTTP front end listens on. @default '127.0.0.1' */
  readonly hostname?: string;
  /** Serve HTTP triggers and the admin API; `false` makes a worker-only instance. @default true */
  readonly http?: boolean;
  /** Poll queue triggers. @default true */
  readonly queues?: boolean;
  /**
   * Fire timer triggers on their schedule. Azure runs each timer on a single instance of a
   * scaled-out app, so extra worker-only instances should pass `false`. The admin API can still
   * fire a timer on demand. @default true
   */
  readonly timers?: boolean;
  /**
   * App settings the host itself needs: storage connection strings (`AzureWebJobsStorage` or the
   * binding's `connection`) and `%NAME%` values in binding expressions. App code reads its own
   * configuration. @default {}
   */
  readonly env?: AppSettings;
  /** Deep-merged over the app's host.json, e.g. shorter polling intervals in tests. */
  readonly hostJson?: Record<string, unknown>;
  /**
   * How long a received queue message stays invisible while its invocation runs, in seconds;
   * renewed at half-time like the Storage extension's 10-minute lease. @default 600
   */
  readonly queueMessageLeaseSeconds?: number;
  /** Processor count behind the default `newBatchThreshold` (batchSize/2 × cores). @default os.availableParallelism() */
  readonly processorCount?: number;
  /** Longest `stop()` waits for in-flight invocations, in ms. @default 30000 */
  readonly shutdownTimeoutMs?: number;
  /** Largest HTTP request body accepted, in bytes; larger ones get 413. @default 104857600 (100 MiB, the host's limit) */
  readonly maxRequestBodyBytes?: number;
  /**
   * When set, the admin API (`/admin/...` but `host/ping`) and the Event Grid extension webhook
   * answer 401 unless the request carries this key in `x-functions-key` or `code`, as Azure
   * requires its master key and the extension's system key there. Unset, both are open, as with
   * Core Tools on a laptop. @default undefined
   */
  readonly hostKey?: string;
  /** Receives host log lines. @default consoleHostLog */
  readonly log?: HostLog;
}

/** The options with defaults applied. */
export interface ValidatedHostOptions {
  readonly port: number;
  readonly hostname: string;
  readonly http: boolean;
  readonly queues: boolean;
  readonly timers: boolean;
  readonly queueMessageLeaseSeconds: number;
  readonly processorCount: number;
  readonly shutdownTimeoutMs: number;
  readonly maxRequestBodyBytes: number;
  readonly hostKey: string | undefined;
}

export function validateHostOptions(options: FunctionsHostOptions): ValidatedHostOptions {
  if (typeof options.scriptRoot !== 'string' || options.scriptRoot === '') {
    throw new Error(`scriptRoot must be the app's directory, got ${JSON.stringify(options.scriptRoot)}`);
  }
  return Object.freeze({
    port: integer(options.port ?? 7071, 'port', 0, 65535),
    hostname: options.hostname ?? '127.0.0.1',
    http: options.http ?? true,
    queues: options.queues ?? true,
    timers: options.timers ?? true,
    // Storage caps a message's visibility timeout at 7 days and needs at least 1 second.
    queueMessageLeaseSeconds: integer(options.queueMessageLeaseSeconds ?? 600, 'queueMessageLeaseSeconds', 1, 604800),
    processorCount: integer(options.processorCount ?? os.availableParallelism(), 'processorCount', 1, 1024),
    shutdownTimeoutMs: integer(options.shutdownTimeoutMs ?? 30_000, 'shutdownTimeoutMs', 0, 3_600_000),
    maxRequestBodyBytes: integer(options.maxRequestBodyBytes ?? 100 * 1024 * 1024, 'maxRequestBodyBytes', 0, 2 ** 31 - 1),
    hostKey: hostKey(options.hostKey),
  });
}

function integer(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function hostKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{16,256}$/.test(value)) {
    throw new Error('hostKey must be 16-256 visible ASCII characters');
  }
  return value;
}
