import { decodeQueuePayload } from '../shared/queue-payload.js';

/** One step of a job's intake, as it travels the intake queue. */
export interface IntakeMessage {
  readonly v: 1;
  readonly jobId: string;
  /** Must equal the job's intake token; any other is a stale or duplicate step. */
  readonly token: string;
}

/** Carries intake steps to the queue-triggered function that performs them. */
export interface IntakeQueue {
  /** Enqueues a step, invisible for `delayMs` (rounded up to whole seconds). */
  send(message: IntakeMessage, delayMs?: number): Promise<void>;
}

export function parseIntakeMessage(input: unknown): { ok: true; message: IntakeMessage } | { ok: false; reason: string } {
  const decoded = decodeQueuePayload(input);
  if (!decoded.ok) return decoded;
  const m = decoded.value as Partial<IntakeMessage> | null;
  if (m?.v !== 1 || typeof m.jobId !== 'string' || m.jobId === '' || typeof m.token !== 'string' || m.token === '') {
    return { ok: false, reason: 'message is not {"v":1,"jobId","token"}' };
  }
  return { ok: true, message: { v: 1, jobId: m.jobId, token: m.token } };
}
