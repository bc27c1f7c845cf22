import type { Caller } from './caller.js';

/** The state changes the audit trail records. */
export const AUDIT_ACTIONS = ['job.submitted', 'job.canceled', 'job.retried', 'job.undone', 'reconciliation.started'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One state change: who asked (`actor`), when (`at`), what (`action`, the record it changed and
 * `details`). Never a token, key or request body: only ids, counts and flags.
 */
export interface AuditEntry {
  readonly at: string;
  readonly action: AuditAction;
  /** Null when nobody was asked who they are: AUTH_MODE=none, Event Grid, the nightly timer. */
  readonly actor: Caller | null;
  /** The job the change is about (for `job.*`), or the job a reconciliation made. */
  readonly jobId?: string;
  readonly reconciliationId?: string;
  /** Counts and flags of the change, e.g. `{ itemCount, source }` or `{ canceledItems }`. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/** What an audit listing is about: one job, or one reconciliation run. */
export type AuditSubject = { readonly kind: 'job'; readonly id: string } | { readonly kind: 'reconciliation'; readonly id: string };

/** The record an entry is filed under: the reconciliation for `reconciliation.*`, otherwise the job. */
export function auditSubjectOf(entry: AuditEntry): AuditSubject {
  if (entry.action.startsWith('reconciliation.') && entry.reconciliationId) return { kind: 'reconciliation', id: entry.reconciliationId };
  if (entry.jobId) return { kind: 'job', id: entry.jobId };
  throw new RangeError(`audit entry ${entry.action} names no job and no reconciliation`);
}
