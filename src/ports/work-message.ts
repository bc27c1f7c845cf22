import { decodeQueuePayload, encodeQueuePayload } from '../shared/queue-payload.js';
import { API_VERSIONS, type ApiVersion } from '../catalog/catalog-endpoints.js';

/** One PATCH to apply: everything the worker needs, plus the token that proves it is current. */
export interface WorkMessage {
  readonly v: 1;
  readonly jobId: string;
  readonly index: number;
  /** Must equal the item's token; any other message for the item is a stale duplicate. */
  readonly token: string;
  /** 1 for the first delivery of a run; retries count up to the configured maximum. */
  readonly attempt: number;
  readonly endpointId: string;
  readonly apiVersion: ApiVersion;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * When the budget expects to have a slot for this message (ms epoch). Queue delays come in
   * whole seconds, so the message is made visible a little early and the worker waits out the
   * rest, under a second.
   */
  readonly notBefore?: number;
}

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
  if (typeof m.endpointId !== 'string') problems.push('endpointId must be a string');
  if (!API_VERSIONS.includes(m.apiVersion as ApiVersion)) problems.push('apiVersion must be v1.0 or beta');
  if (!isStringRecord(m.params)) problems.push('params must be an object of strings');
  if (typeof m.body !== 'object' || m.body === null || Array.isArray(m.body)) problems.push('body must be an object');
  if (m.notBefore !== undefined && !Number.isFinite(m.notBefore)) problems.push('notBefore must be a time in ms');
  return problems.length > 0 ? { ok: false, reason: problems.join('; ') } : { ok: true, message: m as unknown as WorkMessage };
}

/** The job and item a message names, when at least that much of it can be read. */
export function messageAddress(input: unknown): { jobId: string; index: number; token?: string } | undefined {
  const decoded = decodeQueuePayload(input);
  if (!decoded.ok) return undefined;
  const value = decoded.value;
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.jobId !== 'string' || !Number.isInteger(m.index)) return undefined;
  return { jobId: m.jobId, index: m.index as number, ...(typeof m.token === 'string' ? { token: m.token } : {}) };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
