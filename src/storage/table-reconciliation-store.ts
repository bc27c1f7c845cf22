import { readTablePage } from './read-table-page.js';
import { ignoreConflict, openTable, retryLostRaces, type Row, type StorageTable } from './storage-kit.js';
import type { Caller } from '../model/caller.js';
import type { Page } from '../ports/job-store.js';
import { reconciliationIdTime } from '../model/reconciliation-id.js';
import { holdsActivePlace, type Reconciliation, type ReconciliationChange } from '../model/reconciliation-model.js';
import type { ReconciliationStore } from '../ports/reconciliation-ports.js';

const PARTITION = 'run';
/** One row naming the run under way; taken with create-if-absent or an ETag, so only one request wins. */
const LOCK = { partitionKey: 'lock', rowKey: 'active' } as const;
const MAX_CONFLICT_RETRIES = 20;
/** Larger than any epoch millisecond value for the next few thousand years. */
const TIME_CEILING = 9_999_999_999_999;

/**
 * ReconciliationStore on Azure Table storage: one partition, row keys that sort newest first
 * (the inverted request time, then the id), so listing recent runs is a plain range read.
 */
export class TableReconciliationStore implements ReconciliationStore {
  private readonly table: StorageTable;

  constructor(connection: string, tableName: string) {
    this.table = openTable(connection, tableName);
  }

  async create(run: Reconciliation): Promise<void> {
    await this.table.ready();
    const rowKey = rowKeyOf(run.reconciliationId);
    if (!rowKey) throw new RangeError(`not a reconciliation id: ${run.reconciliationId}`);
    await ignoreConflict(this.table.client.createEntity({ partitionKey: PARTITION, rowKey, ...toColumns(run) }));
  }

  async createExclusive(run: Reconciliation, staleAfterMs: number, now: Date): Promise<{ active: Reconciliation } | undefined> {
    const taken = await retryLostRaces('the reconciliation lock', MAX_CONFLICT_RETRIES, async () => {
      const lock = await this.table.read(LOCK.partitionKey, LOCK.rowKey);
      if (lock) {
        const holder = await this.get(String(lock.reconciliationId));
        if (holdsActivePlace(String(lock.requestedAt), holder?.status, staleAfterMs, now)) {
          // A holder not recorded yet is a start still under way: its run row follows its lock.
          return { active: holder ?? { ...run, reconciliationId: String(lock.reconciliationId), requestedAt: String(lock.requestedAt) } };
        }
      }
      const row = { ...LOCK, reconciliationId: run.reconciliationId, requestedAt: run.requestedAt };
      if (lock) await this.table.client.updateEntity(row, 'Replace', { etag: lock.etag });
      else await this.table.client.createEntity(row);
      return undefined;
    });
    if (taken) return taken;
    await this.create(run);
    return undefined;
  }

  async get(reconciliationId: string): Promise<Reconciliation | undefined> {
    const row = await this.read(reconciliationId);
    return row && fromRow(row);
  }

  async list(query: { limit: number; continuationToken?: string }): Promise<Page<Reconciliation>> {
    await this.table.ready();
    const { rows, continuationToken } = await readTablePage(
      this.table.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${PARTITION}'` } }),
      query,
    );
    return { values: rows.map(fromRow), continuationToken };
  }

  async update(reconciliationId: string, mutate: (run: Reconciliation) => ReconciliationChange | undefined): Promise<Reconciliation | undefined> {
    return retryLostRaces(`reconciliation ${reconciliationId}`, MAX_CONFLICT_RETRIES, async () => {
      const row = await this.read(reconciliationId);
      if (!row) return undefined;
      const current = fromRow(row);
      const change = mutate(current);
      if (!change) return current;
      const next: Reconciliation = { ...current, ...change };
      await this.table.client.updateEntity({ partitionKey: PARTITION, rowKey: row.rowKey as string, ...toColumns(next) }, 'Replace', { etag: row.etag });
      return next;
    });
  }

  private async read(reconciliationId: string): Promise<Row | undefined> {
    const rowKey = rowKeyOf(reconciliationId);
    return rowKey === undefined ? undefined : this.table.read(PARTITION, rowKey);
  }
}

function rowKeyOf(reconciliationId: string): string | undefined {
  const ms = reconciliationIdTime(reconciliationId);
  return ms === undefined ? undefined : `${String(TIME_CEILING - ms).padStart(13, '0')}-${reconciliationId}`;
}

/** Lists and objects are stored as JSON text; Table storage has no such types. */
function toColumns(run: Reconciliation): Record<string, unknown> {
  const columns: Record<string, unknown> = {
    reconciliationId: run.reconciliationId,
    status: run.status,
    dryRun: run.dryRun,
    trigger: run.trigger,
    requestedAt: run.requestedAt,
    requestedBy: run.requestedBy ? JSON.stringify(run.requestedBy) : undefined,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    documents: cappedJson(run.documents),
    counts: run.counts ? JSON.stringify(run.counts) : undefined,
    jobId: run.jobId,
    errors: cappedJson(run.errors),
    failure: run.failure?.slice(0, 4000),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

/** A string column holds 32K UTF-16 characters: keep the first entries of a list that fit. */
function cappedJson(list: readonly unknown[]): string {
  let kept = list.length;
  let text = JSON.stringify(list);
  while (text.length > 30_000 && kept > 0) text = JSON.stringify(list.slice(0, --kept));
  return text;
}

function fromRow(row: Record<string, unknown>): Reconciliation {
  const text = (name: string) => (typeof row[name] === 'string' ? (row[name] as string) : undefined);
  return {
    reconciliationId: String(row.reconciliationId),
    status: String(row.status) as Reconciliation['status'],
    dryRun: row.dryRun === true,
    trigger: String(row.trigger) as Reconciliation['trigger'],
    requestedAt: String(row.requestedAt),
    ...(text('requestedBy') ? { requestedBy: JSON.parse(text('requestedBy') as string) as Caller } : {}),
    startedAt: text('startedAt'),
    completedAt: text('completedAt'),
    documents: JSON.parse(text('documents') ?? '[]') as string[],
    counts: text('counts') ? (JSON.parse(text('counts') as string) as Reconciliation['counts']) : undefined,
    jobId: text('jobId'),
    errors: JSON.parse(text('errors') ?? '[]') as Reconciliation['errors'],
    failure: text('failure'),
  };
}
