import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTimeSpan } from './parse-time-span.js';

/** The settings of host.json the local host honours, validated and with Azure's defaults applied. */
export interface HostConfig {
  /** `extensions.http.routePrefix`, without slashes. @default 'api' */
  readonly routePrefix: string;
  readonly queues: QueueHostConfig;
  /** `functionTimeout`; `undefined` when unbounded (absent or `-1`). */
  readonly functionTimeoutMs: number | undefined;
}

export interface QueueHostConfig {
  /** Messages fetched per receive. @default 16 (max 32) */
  readonly batchSize: number;
  /**
   * In-flight count at or below which the listener fetches the next batch.
   * @default batchSize / 2 × processor count, as the Storage extension computes it
   */
  readonly newBatchThreshold: number;
  /** Deliveries before a failing message moves to `<queue>-poison`. @default 5 */
  readonly maxDequeueCount: number;
  /** Delay before a failed message becomes visible again. @default 0 */
  readonly visibilityTimeoutMs: number;
  /** Upper bound of the empty-queue polling back-off. @default 60 000 (1 minute) */
  readonly maxPollingIntervalMs: number;
  /** @default 'base64' */
  readonly messageEncoding: 'base64' | 'none';
}

/** The smallest polling interval the Storage extension accepts (and its back-off's starting point). */
export const minPollingIntervalMs = 100;

/**
 * Reads host.json from the script root (a missing file means all defaults), deep-merges
 * `override` over it and validates the result. Errors name the setting and the bad value.
 */
export async function readHostConfig(
  scriptRoot: string,
  options: { readonly override?: Record<string, unknown>; readonly processorCount: number },
): Promise<HostConfig> {
  let fromFile: Record<string, unknown> = {};
  try {
    fromFile = JSON.parse(await readFile(path.join(scriptRoot, 'host.json'), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`host.json in ${scriptRoot} could not be read: ${(error as Error).message}`);
    }
  }
  return toHostConfig(deepMerge(fromFile, options.override ?? {}), options.processorCount);
}

/** Validates a parsed host.json object; exported for callers that already hold one. */
export function toHostConfig(json: Record<string, unknown>, processorCount: number): HostConfig {
  const extensions = asObject(json['extensions'], 'extensions');
  const http = asObject(extensions['http'], 'extensions.http');
  const queues = asObject(extensions['queues'], 'extensions.queues');

  const routePrefix = http['routePrefix'] ?? 'api';
  if (typeof routePrefix !== 'string') {
    throw new Error(`extensions.http.routePrefix must be a string, got ${JSON.stringify(routePrefix)}`);
  }

  const batchSize = integerIn(queues['batchSize'] ?? 16, 'extensions.queues.batchSize', 1, 32);
  const newBatchThreshold = integerIn(
    queues['newBatchThreshold'] ?? Math.floor(batchSize / 2) * processorCount,
    'extensions.queues.newBatchThreshold',
    0,
    Number.MAX_SAFE_INTEGER,
  );
  const maxDequeueCount = integerIn(queues['maxDequeueCount'] ?? 5, 'extensions.queues.maxDequeueCount', 1, 1000);
  const visibilityTimeoutMs = parseTimeSpan(queues['visibilityTimeout'] ?? '00:00:00', 'extensions.queues.visibilityTimeout');
  if (visibilityTimeoutMs < 0 || visibilityTimeoutMs > 7 * 24 * 3_600_000) {
    throw new Error(`extensions.queues.visibilityTimeout must be between 0 and 7 days, got ${JSON.stringify(queues['visibilityTimeout'])}`);
  }
  const maxPollingIntervalMs = parseTimeSpan(queues['maxPollingInterval'] ?? '00:01:00', 'extensions.queues.maxPollingInterval');
  if (maxPollingIntervalMs < minPollingIntervalMs) {
    throw new Error(`extensions.queues.maxPollingInterval must be at least 100 ms, got ${JSON.stringify(queues['maxPollingInterval'])}`);
  }
  const encoding = String(queues['messageEncoding'] ?? 'base64').toLowerCase();
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new Error(`extensions.queues.messageEncoding must be "base64" or "none", got ${JSON.stringify(queues['messageEncoding'])}`);
  }

  const timeout = json['functionTimeout'];
  let functionTimeoutMs: number | undefined;
  if (timeout !== undefined && timeout !== null && timeout !== '-1' && timeout !== -1) {
    functionTimeoutMs = parseTimeSpan(timeout, 'functionTimeout');
    if (functionTimeoutMs <= 0) throw new Error(`functionTimeout must be positive, got ${JSON.stringify(timeout)}`);
  }

  return Object.freeze({
    routePrefix: routePrefix.replace(/^\/+|\/+$/g, ''),
    queues: Object.freeze({
      batchSize,
      newBatchThreshold,
      maxDequeueCount,
      visibilityTimeoutMs,
      maxPollingIntervalMs,
      messageEncoding: encoding,
    }),
    functionTimeoutMs,
  });
}

function asObject(value: unknown, setting: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${setting} must be an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function integerIn(value: unknown, setting: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${setting} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    const bothObjects =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current);
    result[key] = bothObjects
      ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return result;
}
