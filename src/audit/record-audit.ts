import type { AuditAction, AuditEntry } from '../model/audit-entry.js';
import type { Caller } from '../model/caller.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../shared/clock.js';

export interface RecordAuditDeps {
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export interface AuditChange {
  readonly action: AuditAction;
  readonly actor: Caller | null;
  readonly jobId?: string;
  readonly reconciliationId?: string;
  readonly details?: AuditEntry['details'];
  /** When the change happened, if not now (a job's creation time). */
  readonly at?: string;
  /** Makes recording idempotent: a second entry with the same key for the same record is dropped. */
  readonly key?: string;
}

/**
 * Records one state change in the audit trail: the hook every use case that changes a job or
 * starts a run calls once the change is made (submit, cancel, retry, undo, reconciliation).
 */
export async function recordAudit(deps: RecordAuditDeps, change: AuditChange): Promise<void> {
  const entry: AuditEntry = {
    at: change.at ?? deps.clock().toISOString(),
    action: change.action,
    actor: change.actor,
    ...(change.jobId ? { jobId: change.jobId } : {}),
    ...(change.reconciliationId ? { reconciliationId: change.reconciliationId } : {}),
    details: change.details ?? {},
  };
  await deps.audit.record(entry, change.key);
}
