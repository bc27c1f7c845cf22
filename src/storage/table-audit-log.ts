import { odata } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { auditSubjectOf, type AuditAction, type AuditEntry, type AuditSubject } from '../model/audit-entry.js';
import type { Caller } from '../model/caller.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Page } from '../ports/job-store.js';
import { readTablePage } from './read-table-page.js';
import { ignoreConflict, openTable, type StorageTable } from './storage-kit.js';

type Row = Record<string, unknown>;

/**
 * AuditLog on Azure Table storage: a partition per job or run (`job-<id>`, `reconciliation-<id>`),
 * row keys that sort by time (`<ISO time>-<key or random id>`), so a record's trail is one
 * range read, oldest first. A keyed entry has a fixed row key, so recording it again is a no-op.
 */
export class TableAuditLog implements AuditLog {
  private readonly table: StorageTable;

  constructor(connection: string, tableName: string) {
    this.table = openTable(connection, tableName);
  }

  async record(entry: AuditEntry, key?: string): Promise<void> {
    await this.table.ready();
    const row = {
      partitionKey: partitionOf(auditSubjectOf(entry)),
      rowKey: `${entry.at}-${key ?? randomUUID()}`,
      at: entry.at,
      action: entry.action,
      ...(entry.actor ? { actorId: entry.actor.id, actorKind: entry.actor.kind, ...(entry.actor.name ? { actorName: entry.actor.name } : {}) } : {}),
      ...(entry.jobId ? { jobId: entry.jobId } : {}),
      ...(entry.reconciliationId ? { reconciliationId: entry.reconciliationId } : {}),
      details: JSON.stringify(entry.details),
    };
    await ignoreConflict(this.table.client.createEntity(row));
  }

  async list(subject: AuditSubject, query: { limit: number; continuationToken?: string }): Promise<Page<AuditEntry>> {
    await this.table.ready();
    const { rows, continuationToken } = await readTablePage(
      this.table.client.listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${partitionOf(subject)}` } }),
      query,
    );
    return { values: rows.map(fromRow), continuationToken };
  }
}

function partitionOf(subject: AuditSubject): string {
  return `${subject.kind}-${subject.id}`;
}

function fromRow(row: Row): AuditEntry {
  const text = (name: string) => (typeof row[name] === 'string' ? (row[name] as string) : undefined);
  const actorId = text('actorId');
  const actorName = text('actorName');
  const actor: Caller | null = actorId
    ? { id: actorId, kind: text('actorKind') === 'app' ? 'app' : 'user', ...(actorName ? { name: actorName } : {}) }
    : null;
  return {
    at: String(row.at),
    action: String(row.action) as AuditAction,
    actor,
    ...(text('jobId') ? { jobId: text('jobId') } : {}),
    ...(text('reconciliationId') ? { reconciliationId: text('reconciliationId') } : {}),
    details: JSON.parse(text('details') ?? '{}') as AuditEntry['details'],
  };
}
