import { auditSubjectOf, type AuditEntry, type AuditSubject } from '../model/audit-entry.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Page } from '../ports/job-store.js';
import { checkOffsetPageToken } from './check-offset-page-token.js';

/** In-process AuditLog for unit tests; same contract as the Table storage adapter. */
export class MemoryAuditLog implements AuditLog {
  private readonly entries = new Map<string, Array<{ entry: AuditEntry; key: string | undefined }>>();

  async record(entry: AuditEntry, key?: string): Promise<void> {
    const subject = auditSubjectOf(entry);
    const list = this.entries.get(`${subject.kind}:${subject.id}`) ?? [];
    if (key !== undefined && list.some((e) => e.key === key)) return;
    list.push({ entry: structuredClone(entry), key });
    list.sort((a, b) => a.entry.at.localeCompare(b.entry.at));
    this.entries.set(`${subject.kind}:${subject.id}`, list);
  }

  async list(subject: AuditSubject, query: { limit: number; continuationToken?: string }): Promise<Page<AuditEntry>> {
    const all = (this.entries.get(`${subject.kind}:${subject.id}`) ?? []).map((e) => e.entry);
    const start = query.continuationToken ? checkOffsetPageToken(query.continuationToken, all.length) : 0;
    const next = start + query.limit;
    return { values: all.slice(start, next).map((e) => structuredClone(e)), continuationToken: next < all.length ? String(next) : undefined };
  }
}
