import { odata, TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import pLimit from 'p-limit';
import { createHash } from 'node:crypto';
import { isInsecureConnection } from '../config/storage-connection.js';
import type { Item, Job } from '../jobs/job-model.js';
import { applyItemChanges, applyJobChange } from './apply-item-change.js';
import type { IdempotencyBinding, ItemMutation, ItemQuery, JobChange, JobStore, Page } from './job-store.js';
import {
  entitySize,
  entityToItem,
  entityToJob,
  ITEM_ROW_PREFIX,
  itemRowKey,
  itemToEntity,
  JOB_ROW,
  jobToEntity,
} from './table-entities.js';

const RECENT_PARTITION = 'recent';
const IDEMPOTENCY_PARTITION = 'idempotency';
/** A transaction holds at most 100 operations; one is kept for the job entity. */
const ITEMS_PER_TRANSACTION = 99;
/** Table storage refuses transaction payloads over 4 MiB. */
const MAX_TRANSACTION_BYTES = 3_500_000;
const MAX_CONFLICT_RETRIES = 50;

type Row = TableEntityResult<Record<string, unknown>>;

/** JobStore on Azure Table storage: one table, a partition per job, ETags for every change. */
export class TableJobStore implements JobStore {
  private readonly client: TableClient;
  private ready: Promise<void> | undefined;

  constructor(connection: string, tableName: string, private readonly now: () => Date = () => new Date()) {
    this.client = TableClient.fromConnectionString(connection, tableName, {
      allowInsecureConnection: isInsecureConnection(connection),
    });
  }

  /** Creates the table on first use; concurrent callers share the one request. */
  private ensureTable(): Promise<void> {
    this.ready ??= this.client.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async createJob(job: Job, items: readonly Item[]): Promise<void> {
    await this.ensureTable();
    await ignoreConflict(this.client.createEntity(jobToEntity(job)));
    await ignoreConflict(
      this.client.createEntity({
        partitionKey: RECENT_PARTITION,
        rowKey: recentRowKey(job),
        jobId: job.jobId,
      }),
    );
    const limit = pLimit(8);
    await Promise.all(chunkBySize(items.map(itemToEntity)).map((chunk) => limit(() => this.createItems(chunk))));
  }

  /** A resumed intake finds some items already written (and maybe already applied): never overwrite them. */
  private async createItems(entities: Array<Record<string, unknown> & { partitionKey: string; rowKey: string }>) {
    try {
      await this.client.submitTransaction(entities.map((e): TransactionAction => ['create', e]));
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      for (const entity of entities) await ignoreConflict(this.client.createEntity(entity));
    }
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    const row = await this.read(jobId, JOB_ROW);
    return row && entityToJob(row);
  }

  async listJobs(query: { limit: number; continuationToken?: string }): Promise<Page<Job>> {
    await this.ensureTable();
    const pages = this.client
      .listEntities<{ jobId: string }>({ queryOptions: { filter: odata`PartitionKey eq ${RECENT_PARTITION}` } })
      .byPage({ maxPageSize: query.limit, ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}) });
    const { value } = await pages.next();
    const rows = (value ?? []) as Array<{ jobId: string }> & { continuationToken?: string };
    const jobs = await Promise.all(rows.map((r) => this.getJob(r.jobId)));
    return { values: jobs.filter((j): j is Job => j !== undefined), continuationToken: rows.continuationToken };
  }

  async getItem(jobId: string, index: number): Promise<Item | undefined> {
    const row = await this.read(jobId, itemRowKey(index));
    return row && entityToItem(row);
  }

  async listItems(jobId: string, query: ItemQuery): Promise<Page<Item>> {
    await this.ensureTable();
    const range = odata`PartitionKey eq ${jobId} and RowKey gt ${ITEM_ROW_PREFIX} and RowKey lt ${'item.'}`;
    const filter = query.status ? `${range} and ${odata`status eq ${query.status}`}` : range;
    const pages = this.client
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: query.limit, ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}) });
    const { value } = await pages.next();
    const rows = (value ?? []) as Row[] & { continuationToken?: string };
    return { values: rows.map(entityToItem), continuationToken: rows.continuationToken };
  }

  async updateItems(jobId: string, indexes: readonly number[], mutate: ItemMutation) {
    let job: Job | undefined;
    const changed: Item[] = [];
    for (let i = 0; i < indexes.length; i += ITEMS_PER_TRANSACTION) {
      const result = await this.updateChunk(jobId, indexes.slice(i, i + ITEMS_PER_TRANSACTION), mutate);
      if (!result) return undefined;
      job = result.job;
      changed.push(...result.changed);
    }
    job ??= await this.getJob(jobId);
    return job && { job, changed };
  }

  /**
   * Read, decide, write with ETags; on a conflict another writer changed the job or an item
   * first, so decide again on fresh data. Item changes that move no status skip the job entity,
   * which keeps the hot path (claiming an item) off the job's counters.
   */
  private async updateChunk(jobId: string, indexes: readonly number[], mutate: ItemMutation) {
    for (let attempt = 0; ; attempt++) {
      const [jobRow, ...itemRows] = await Promise.all([
        this.read(jobId, JOB_ROW),
        ...indexes.map((index) => this.read(jobId, itemRowKey(index))),
      ]);
      if (!jobRow) return undefined;
      const rows = itemRows.filter((r): r is Row => r !== undefined);
      const job = entityToJob(jobRow);
      const etags = new Map(rows.map((r) => [Number(r.index), r.etag]));
      const result = applyItemChanges(job, rows.map(entityToItem), mutate, this.now().toISOString());
      if (result.changed.length === 0) return result;
      const countsMoved = result.job !== job;
      const actions: TransactionAction[] = result.changed.map((item) => [
        'update',
        itemToEntity(item),
        'Replace',
        { etag: etags.get(item.index) },
      ]);
      if (countsMoved) actions.push(['update', jobToEntity(result.job), 'Replace', { etag: jobRow.etag }]);
      try {
        if (actions.length === 1) {
          const [, entity, mode, options] = actions[0] as ['update', Record<string, unknown> & { partitionKey: string; rowKey: string }, 'Replace', { etag?: string }];
          await this.client.updateEntity(entity, mode, options);
        } else {
          await this.client.submitTransaction(actions);
        }
        return result;
      } catch (error) {
        if (statusOf(error) !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  async updateJob(jobId: string, mutate: (job: Job) => JobChange | undefined): Promise<Job | undefined> {
    for (let attempt = 0; ; attempt++) {
      const row = await this.read(jobId, JOB_ROW);
      if (!row) return undefined;
      const job = entityToJob(row);
      const change = mutate(job);
      if (!change) return job;
      const next = applyJobChange(job, change);
      try {
        await this.client.updateEntity(jobToEntity(next), 'Replace', { etag: row.etag });
        return next;
      } catch (error) {
        if (statusOf(error) !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  async reserveIdempotencyKey(key: string, binding: IdempotencyBinding): Promise<IdempotencyBinding | undefined> {
    await this.ensureTable();
    // Keys are caller-chosen text; hashing keeps them within row key rules and out of listings.
    const rowKey = createHash('sha256').update(key).digest('hex');
    try {
      await this.client.createEntity({ partitionKey: IDEMPOTENCY_PARTITION, rowKey, ...binding });
      return undefined;
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      const row = await this.read(IDEMPOTENCY_PARTITION, rowKey);
      if (!row) throw error;
      return { jobId: String(row.jobId), requestHash: String(row.requestHash) };
    }
  }

  async ping(): Promise<void> {
    await this.ensureTable();
    await this.read(IDEMPOTENCY_PARTITION, 'ping');
  }

  private async read(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    await this.ensureTable();
    try {
      return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}

/** Newest first: row keys ascend, so invert the creation time. */
function recentRowKey(job: Job): string {
  const inverted = 9_999_999_999_999 - Date.parse(job.createdAt);
  return `${String(inverted).padStart(13, '0')}-${job.jobId}`;
}

function chunkBySize<T extends Record<string, unknown> & { partitionKey: string; rowKey: string }>(entities: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entity of entities) {
    const size = entitySize(entity);
    if (current.length > 0 && (current.length === 100 || bytes + size > MAX_TRANSACTION_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entity);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function ignoreConflict(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number((error as { statusCode: unknown }).statusCode)
    : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
