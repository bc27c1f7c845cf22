import type { AuditEntry } from '../model/audit-entry.js';

/** The public shape of an audit entry (`GET /api/jobs/{jobId}/audit`). */
export function auditEntryView(entry: AuditEntry) {
  return {
    at: entry.at,
    action: entry.action,
    actor: entry.actor,
    jobId: entry.jobId ?? null,
    reconciliationId: entry.reconciliationId ?? null,
    details: entry.details,
  };
}
