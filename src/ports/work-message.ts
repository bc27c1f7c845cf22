import { decodeQueuePayload, encodeQueuePayload } from '../shared/queue-payload.js';
import { API_VERSIONS, type ApiVersion } from '../catalog/catalog-endpoints.js';

/** What every work message carries: the item it is addressed by and the token that proves it is current. */
interface WorkMessageBase {
  readonly v: 1;
  readonly jobId: string;
  readonly index: number;
  /** Must equal the item's token; any other message for the item is a stale duplicate. */
  readonly token: string;
  /** 1 for the first delivery of a run; retries count up to the configured maximum. */
  readonly attempt: number;
  /**
   * When the budget expects to have a slot for this message (ms epoch). Queue delays come in
   * whole seconds, so the message is made visible a little early and the worker waits out the
   * rest, under a second.
   */
  readonly notBefore?: number;
}

/** One PATCH to apply: everything the worker needs, plus the token that proves it is current. */
export interface PatchWorkMessage extends WorkMessageBase {
  readonly kind?: undefined;
  readonly endpointId: string;
  readonly apiVersion: ApiVersion;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * Items of one job written together through their policy's `/assign`, in one read-modify-write.
 * They share the token; `index` is the lead (the first of `indexes`). The worker reads what to
 * do from the stored items, so the message stays small however many targets they name.
 */
export interface SetWorkMessage extends WorkMessageBase {
  readonly kind: 'set';
  readonly indexes: readonly number[];
}

export type WorkMessage = PatchWorkMessage | SetWorkMessage;

/** More indexes than a set message may carry (see `MAX_ITEMS_PER_SET_WRITE`) mean a message nobody sent. */
const MAX_SET_INDEXES = 1000;

/** Azure Storage refuses messages over 64 KiB, counted after the base64 the Functions host expects. */
export const MAX_ENCODED_MESSAGE_BYTES = 64 * 1024;

/** The message as it is sent: base64 JSON, the form whose size Azure Storage limits. */
export function encodeWorkMessage(message: WorkMessage): string {
  return encodeQueuePayload(message);
}

export type ParsedMessage = { ok: true; message: WorkMessage } | { ok: false; reason: string };

/**
 * Checks a delivered message's shape. The host hands over JSON it could parse as an object and
 * anything else as text; both arrive here.
 */
export function parseWorkMessage(input: unknown): ParsedMessage {
  const decoded = decodeQueuePayload(input);
  if (!decoded.ok) return decoded;
  const value = decoded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'message is not a JSON object' };
  }
  const m = value as Record<string, unknown>;
  const problems: string[] = [];
  if (m.v !== 1) problems.push('v must be 1');
  if (typeof m.jobId !== 'string' || m.jobId === '') problems.push('jobId must be a string');
  if (!Number.isInteger(m.index) || (m.index as number) < 0) problems.push('index must be a whole number');
  if (typeof m.token !== 'string' || m.token === '') problems.push('token must be a string');
  if (!Number.isInteger(m.attempt) || (m.attempt as number) < 1) problems.push('attempt must be a whole number from 1');
  if (m.kind === 'set') {
    const indexes = m.indexes;
    if (!isIndexList(indexes)) problems.push(`indexes must be 1 to ${MAX_SET_INDEXES} different whole numbers`);
    else if (indexes[0] !== m.index) problems.push('indexes must start with index');
  } else if (m.kind !== undefined) {
    problems.push("kind must be 'set' or absent");
  } else {
    if (typeof m.endpointId !== 'string') problems.push('endpointId must be a string');
    if (!API_VERSIONS.includes(m.apiVersion as ApiVersion)) problems.push('apiVersion must be v1.0 or beta');
    if (!isStringRecord(m.params)) problems.push('params must be an object of strings');
    if (typeof m.body !== 'object' || m.body === null || Array.isArray(m.body)) problems.push('body must be an object');
  }
  if (m.notBefore !== undefined && !Number.isFinite(m.notBefore)) problems.push('notBefore must be a time in ms');
  return problems.length > 0 ? { ok: false, reason: problems.join('; ') } : { ok: true, message: m as unknown as WorkMessage };
}

/**
 * The job and items a message names, when at least that much of it can be read: its lead
 * `index`, and for a set message every index it carries.
 */
export function messageAddress(input: unknown): { jobId: string; index: number; indexes: readonly number[]; token?: string } | undefined {
  const decoded = decodeQueuePayload(input);
  if (!decoded.ok) return undefined;
  const value = decoded.value;
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.jobId !== 'string' || !Number.isInteger(m.index)) return undefined;
  const indexes = m.kind === 'set' && isIndexList(m.indexes) ? m.indexes : [m.index as number];
  return { jobId: m.jobId, index: m.index as number, indexes, ...(typeof m.token === 'string' ? { token: m.token } : {}) };
}

function isIndexList(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_SET_INDEXES &&
    value.every((i) => Number.isInteger(i) && i >= 0) &&
    new Set(value).size === value.length
  );
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
