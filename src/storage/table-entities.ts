import type { ApiVersion } from '../catalog/catalog-endpoints.js';
import { jobStatus } from '../model/job-status.js';
import type { Item, ItemStatus, Job, JobCounts, JobOrigin, JobSource, Lane } from '../model/job-model.js';
import type { Caller } from '../model/caller.js';
import { COUNT_SHARDS, EMPTY_SHARD, type ShardCounts } from '../model/count-shards.js';
import { wholeIntake, type IntakeState } from '../model/intake-state.js';
import type { JobChange } from '../ports/job-store.js';

/**
 * Mapping between the domain records and Table storage entities. A job and its items share one
 * partition (the job id) so that an item's change and the job's counts commit in one
 * transaction.
 */

export const JOB_ROW = 'job';
/**
 * Count shard rows sort right after the job's own row (`job`, `job.count-00` … `job.count-15`),
 * so the job and its counts come back from one range read; item rows (`item-…`) sort before.
 */
export function shardRowKey(shard: number): string {
  return `${JOB_ROW}.count-${String(shard).padStart(2, '0')}`;
}
export const LAST_SHARD_ROW = shardRowKey(COUNT_SHARDS - 1);
export const ITEM_ROW_PREFIX = 'item-';
/** Row keys sort as text: pad so that item 10 follows item 9. */
export function itemRowKey(index: number): string {
  return `${ITEM_ROW_PREFIX}${String(index).padStart(5, '0')}`;
}

/** Table storage holds at most 32 K characters in a string property; longer JSON is split. */
const CHUNK = 30_000;
const MAX_CHUNKS = 8;

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** The job's own fields; its counts live in the count shards and its status follows from them. */
export function jobToEntity(job: Job): Entity {
  return prune({
    partitionKey: job.jobId,
    rowKey: JOB_ROW,
    label: job.label,
    source: job.source,
    priority: job.priority,
    total: job.counts.total,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
    cancelRequested: job.cancelRequested,
    intakeComplete: job.intakeComplete,
    turnsEndAt: job.turnsEndAt ? JSON.stringify(job.turnsEndAt) : undefined,
    requestHash: job.requestHash,
    origin: job.origin ? JSON.stringify(job.origin) : undefined,
    submittedBy: job.submittedBy ? JSON.stringify(job.submittedBy) : undefined,
    intake: job.intake ? JSON.stringify(job.intake) : undefined,
  });
}

export function entityToJob(e: Record<string, unknown>, counts: JobCounts): Job {
  const cancelRequested = e.cancelRequested === true;
  return {
    jobId: String(e.partitionKey),
    label: optionalString(e.label),
    source: String(e.source) as JobSource,
    priority: String(e.priority) as Lane,
    status: jobStatus(counts, cancelRequested),
    counts,
    createdAt: String(e.createdAt),
    completedAt: counts.queued + counts.retrying === 0 ? optionalString(e.completedAt) : undefined,
    cancelRequested,
    intakeComplete: e.intakeComplete === true,
    ...(optionalString(e.turnsEndAt) ? { turnsEndAt: parseTurnsEndAt(String(e.turnsEndAt)) } : {}),
    requestHash: String(e.requestHash ?? ''),
    ...(typeof e.origin === 'string' ? { origin: JSON.parse(e.origin) as JobOrigin } : {}),
    ...(typeof e.submittedBy === 'string' ? { submittedBy: JSON.parse(e.submittedBy) as Caller } : {}),
    ...intakeOf(e, counts.total),
  };
}

export function itemToEntity(item: Item): Entity {
  return prune({
    partitionKey: item.jobId,
    rowKey: itemRowKey(item.index),
    index: item.index,
    ref: item.ref,
    endpointId: item.endpointId,
    apiVersion: item.apiVersion,
    path: item.path,
    params: JSON.stringify(item.params),
    ...splitText('body', JSON.stringify(item.body)),
    action: item.action,
    via: item.via,
    expect: item.expect === undefined ? undefined : JSON.stringify(item.expect),
    ...(item.before === undefined ? {} : splitText('before', JSON.stringify(item.before))),
    ...(item.after === undefined ? {} : splitText('after', JSON.stringify(item.after))),
    noop: item.noop,
    status: item.status,
    attempts: item.attempts,
    token: item.token,
    leaseUntil: item.leaseUntil,
    nextAttemptAt: item.nextAttemptAt,
    httpStatus: item.httpStatus,
    graphRequestId: item.graphRequestId,
    clientRequestId: item.clientRequestId,
    errorCode: item.errorCode,
    errorMessage: item.errorMessage?.slice(0, 4000),
    durationMs: item.durationMs,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    completedAt: item.completedAt,
  });
}

export function entityToItem(e: Record<string, unknown>): Item {
  return {
    jobId: String(e.partitionKey),
    index: Number(e.index),
    ref: optionalString(e.ref),
    endpointId: String(e.endpointId),
    apiVersion: String(e.apiVersion) as ApiVersion,
    path: String(e.path),
    params: JSON.parse(String(e.params ?? '{}')) as Record<string, string>,
    body: JSON.parse(joinText('body', e)) as Record<string, unknown>,
    ...(e.action === 'add' || e.action === 'remove' ? { action: e.action } : {}),
    ...(e.via === 'patch' || e.via === 'assign' ? { via: e.via } : {}),
    ...(typeof e.expect === 'string' ? { expect: JSON.parse(e.expect) as NonNullable<Item['expect']> } : {}),
    ...(typeof e.before === 'string' ? { before: JSON.parse(joinText('before', e)) as Item['before'] } : {}),
    ...(typeof e.after === 'string' ? { after: JSON.parse(joinText('after', e)) as Item['after'] } : {}),
    ...(typeof e.noop === 'boolean' ? { noop: e.noop } : {}),
    status: String(e.status) as ItemStatus,
    attempts: Number(e.attempts ?? 0),
    token: String(e.token),
    leaseUntil: optionalString(e.leaseUntil),
    nextAttemptAt: optionalString(e.nextAttemptAt),
    httpStatus: optionalNumber(e.httpStatus),
    graphRequestId: optionalString(e.graphRequestId),
    clientRequestId: optionalString(e.clientRequestId),
    errorCode: optionalString(e.errorCode),
    errorMessage: optionalString(e.errorMessage),
    durationMs: optionalNumber(e.durationMs),
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
    completedAt: optionalString(e.completedAt),
  };
}

export function entityToShard(e: Record<string, unknown>): ShardCounts {
  const shard = { ...EMPTY_SHARD };
  for (const k of Object.keys(EMPTY_SHARD) as Array<keyof ShardCounts>) shard[k] = Number(e[k] ?? 0);
  return shard;
}

/** Approximate stored size, to keep a transaction under Table storage's 4 MiB payload limit. */
export function entitySize(entity: Entity): number {
  return JSON.stringify(entity).length * 2;
}

function splitText(name: string, text: string): Record<string, string> {
  const parts: Record<string, string> = {};
  const count = Math.max(1, Math.ceil(text.length / CHUNK));
  if (count > MAX_CHUNKS) throw new Error(`${name} is too large to store (${text.length} characters)`);
  for (let i = 0; i < count; i++) parts[i === 0 ? name : `${name}${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return parts;
}

function joinText(name: string, e: Record<string, unknown>): string {
  let text = String(e[name] ?? '{}');
  for (let i = 1; typeof e[`${name}${i}`] === 'string'; i++) text += e[`${name}${i}`] as string;
  return text;
}

function prune(entity: Entity): Entity {
  for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
  return entity;
}

/** Jobs recorded whole before intake steps existed have no intake column: their items are all written. */
function intakeOf(e: Record<string, unknown>, total: number): { intake?: IntakeState } {
  if (typeof e.intake === 'string') return { intake: JSON.parse(e.intake) as IntakeState };
  return e.intakeComplete === true ? {} : { intake: wholeIntake(String(e.partitionKey), total, String(e.createdAt)) };
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function optionalNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A job change in the form `jobToEntity` stores its fields. */
export function jobChangeToEntity(change: JobChange): Record<string, unknown> {
  const { turnsEndAt, intake, ...rest } = change;
  const columns: Record<string, unknown> = {
    ...rest,
    ...(turnsEndAt ? { turnsEndAt: JSON.stringify(turnsEndAt) } : {}),
    ...(intake ? { intake: JSON.stringify(intake) } : {}),
  };
  for (const key of Object.keys(columns)) if (columns[key] === undefined) delete columns[key];
  return columns;
}

/** Per budget as JSON; a row written before there were budgets per family holds one plain time, the shared budget's. */
function parseTurnsEndAt(text: string): Record<string, string> {
  return text.startsWith('{') ? (JSON.parse(text) as Record<string, string>) : { shared: text };
}
