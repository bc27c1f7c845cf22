import { decodeQueuePayload } from '../shared/queue-payload.js';

/** Reads a reconcile queue message: `{ v: 1, reconciliationId }`, as JSON the host parsed or as text. */
export function parseReconcileMessage(input: unknown): { ok: true; reconciliationId: string } | { ok: false; reason: string } {
  const decoded = decodeQueuePayload(input);
  if (!decoded.ok) return decoded;
  const value = decoded.value;
  const id = (value as { reconciliationId?: unknown } | null)?.reconciliationId;
  if ((value as { v?: unknown } | null)?.v !== 1 || typeof id !== 'string' || id.length === 0 || id.length > 64) {
    return { ok: false, reason: 'message is not {"v":1,"reconciliationId":"..."}' };
  }
  return { ok: true, reconciliationId: id };
}
