import type { AuditEntry, AuditSubject } from '../model/audit-entry.js';
import type { Page } from './job-store.js';

/**
 * Append-only record of state changes, read per job or per reconciliation, oldest first.
 * Recording an entry with the same `key` twice keeps one: a retried intake does not say twice
 * that a job was submitted.
 */
export interface AuditLog {
  record(entry: AuditEntry, key?: string): Promise<void>;
  list(subject: AuditSubject, query: { limit: number; continuationToken?: string }): Promise<Page<AuditEntry>>;
}
