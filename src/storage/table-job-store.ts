import { odata, TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { statusCodeOf } from '../shared/status-code-of.js';
import { sleep as wait } from '../shared/sleep.js';
import pLimit from 'p-limit';
import { createHash } from 'node:crypto';
import { isInsecureConnection } from '../config/storage-connection.js';
import { isTerminal, type Item, type ItemStatus, type Job } from '../model/job-model.js';
import { applyItemChanges } from '../model/apply-item-change.js';
import { COUNT_SHARDS, initialShards, moveShard, shardOf, shardRowKey, sumShards } from '../model/count-shards.js';
import type { IdempotencyBinding, ItemMutation, ItemQuery, JobChange, JobStore, Page } from '../ports/job-store.js';
import { readTablePage } from './read-table-page.js';
import {
  entitySize,
  entityToItem,
  entityToJob,
  entityToShard,
  ITEM_ROW_PREFIX,
  itemRowKey,
  itemToEntity,
  JOB_ROW,
  jobToEntity,
  jobChangeToEntity,
} from './table-entities.js';

const RECENT_PARTITION = 'recent';
const IDEMPOTENCY_PARTITION = 'idempotency';
/** A transaction holds at most 100 operations; one is kept for the count shard. */
const ITEMS_PER_TRANSACTION = 99;
/** Table storage refuses transaction payloads over 4 MiB. */
const MAX_TRANSACTION_BYTES = 3_500_000;
const MAX_CONFLICT_RETRIES = 50;

type Row = TableEntityResult<Record<string, unknown>>;
type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/**
 * JobStore on Azure Table storage: one table, a partition per job holding the job, its count
 * shards and its items, so that an item's change and its count commit in one transaction.
 */
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
    // Items first, the job and its count shards last, in one transaction: a job is never visible
    // without its counts, nor before every item it counts exists. An intake that dies part-way
    // leaves only items, which the retried intake finds (their tokens win) and completes.
    const limit = pLimit(16);
    await Promise.all(chunkBySize(items.map(itemToEntity)).map((chunk) => limit(() => this.createItems(chunk))));
    const shards = initialShards(items.map((i) => i.index)).map((counts, s) => ({ partitionKey: job.jobId, rowKey: shardRowKey(s), ...counts }));
    await ignoreConflict(this.client.submitTransaction([...shards, jobToEntity(job)].map((e): TransactionAction => ['create', e])));
    await ignoreConflict(this.client.createEntity({ partitionKey: RECENT_PARTITION, rowKey: recentRowKey(job), jobId: job.jobId }));
  }

  /** A resumed intake finds some items already written (and maybe already applied): never overwrite them. */
  private async createItems(entities: Entity[]) {
    try {
      await this.client.submitTransaction(entities.map((e): TransactionAction => ['create', e]));
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
      for (const entity of entities) await ignoreConflict(this.client.createEntity(entity));
    }
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    await this.ensureTable();
    const [row, shards] = await Promise.all([this.read(jobId, JOB_ROW), this.readShards(jobId)]);
    if (!row) return undefined;
    const job = entityToJob(row, sumShards(Number(row.total), shards.map(entityToShard)));
    if (job.counts.queued + job.counts.retrying === 0 && !job.completedAt) {
      // The writer of the last status change died before stamping the job: stamp it now.
      return this.stampCompletion(jobId);
    }
    return job;
  }

  private async readShards(jobId: string): Promise<Row[]> {
    const rows: Row[] = [];
    const filter = odata`PartitionKey eq ${jobId} and RowKey ge ${shardRowKey(0)} and RowKey le ${shardRowKey(COUNT_SHARDS - 1)}`;
    for await (const row of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(row as Row);
    return rows;
  }

  async listJobs(query: { limit: number; continuationToken?: string }): Promise<Page<Job>> {
    await this.ensureTable();
    const { rows, continuationToken } = await readTablePage(
      this.client.listEntities<{ jobId: string }>({ queryOptions: { filter: odata`PartitionKey eq ${RECENT_PARTITION}` } }),
      query,
    );
    const jobs = await Promise.all(rows.map((r) => this.getJob(r.jobId)));
    return { values: jobs.filter((j): j is Job => j !== undefined), continuationToken };
  }

  async getItem(jobId: string, index: number): Promise<Item | undefined> {
    const row = await this.read(jobId, itemRowKey(index));
    return row && entityToItem(row);
  }

  async listItems(jobId: string, query: ItemQuery): Promise<Page<Item>> {
    await this.ensureTable();
    const range = odata`PartitionKey eq ${jobId} and RowKey gt ${ITEM_ROW_PREFIX} and RowKey lt ${'item.'}`;
    const filter = query.status ? `${range} and ${odata`status eq ${query.status}`}` : range;
    const { rows, continuationToken } = await readTablePage(this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }), query);
    return { values: (rows as Row[]).map(entityToItem), continuationToken };
  }

  async updateItems(jobId: string, indexes: readonly number[], mutate: ItemMutation) {
    const jobRow = await this.read(jobId, JOB_ROW);
    if (!jobRow) return undefined;
    // Shard counts are not needed to decide a change; the job's own fields (cancel) are.
    const job = entityToJob(jobRow, sumShards(Number(jobRow.total), []));
    const byShard = new Map<number, number[]>();
    for (const index of indexes) byShard.set(shardOf(index), [...(byShard.get(shardOf(index)) ?? []), index]);
    const changed: Item[] = [];
    let finished = false;
    let reopened = false;
    for (const [shard, group] of byShard) {
      for (let i = 0; i < group.length; i += ITEMS_PER_TRANSACTION) {
        const result = await this.updateChunk(job, shard, group.slice(i, i + ITEMS_PER_TRANSACTION), mutate);
        changed.push(...result.changed);
        finished ||= result.shardIdle;
        reopened ||= result.reopened;
      }
    }
    if (reopened && jobRow.completedAt) await this.mergeJob(jobId, { completedAt: '' });
    else if (finished) await this.stampCompletion(jobId);
    return { changed };
  }

  /**
   * Read, decide, write with ETags; on a conflict another writer changed the shard or an item
   * first, so decide again on fresh data. Changes that move no status skip the shard, which keeps
   * the hot path (claiming an item) to a single entity.
   */
  private async updateChunk(job: Job, shard: number, indexes: readonly number[], mutate: ItemMutation) {
    for (let attempt = 0; ; attempt++) {
      const [shardRow, ...itemRows] = await Promise.all([
        this.read(job.jobId, shardRowKey(shard)),
        ...indexes.map((index) => this.read(job.jobId, itemRowKey(index))),
      ]);
      const rows = itemRows.filter((r): r is Row => r !== undefined);
      const etags = new Map(rows.map((r) => [Number(r.index), r.etag]));
      const { changed } = applyItemChanges(job, rows.map(entityToItem), mutate, this.now().toISOString());
      const before = new Map(rows.map((r) => [Number(r.index), String(r.status) as ItemStatus]));
      const moves = changed.map((item) => [before.get(item.index) as ItemStatus, item.status] as const).filter(([a, b]) => a !== b);
      const outcome = { changed, shardIdle: false, reopened: moves.some(([from, to]) => isTerminal(from) && !isTerminal(to)) };
      if (changed.length === 0) return outcome;
      const actions: TransactionAction[] = changed.map((item) => ['update', itemToEntity(item), 'Replace', { etag: etags.get(item.index) }]);
      if (moves.length > 0 && shardRow) {
        const counts = moveShard(entityToShard(shardRow), moves);
        outcome.shardIdle = counts.queued + counts.retrying === 0 && moves.some(([, to]) => isTerminal(to));
        actions.push(['update', { partitionKey: job.jobId, rowKey: shardRowKey(shard), ...counts }, 'Replace', { etag: shardRow.etag }]);
      }
      try {
        if (actions.length === 1) {
          const [, entity, , options] = actions[0] as ['update', Entity, 'Replace', { etag?: string }];
          await this.client.updateEntity(entity, 'Replace', options);
        } else {
          await this.client.submitTransaction(actions);
        }
        return outcome;
      } catch (error) {
        if (statusCodeOf(error) !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await wait(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  /** Sets completedAt once every item is final; any writer may find that out, the first one stamps. */
  private async stampCompletion(jobId: string): Promise<Job | undefined> {
    const [row, shards] = await Promise.all([this.read(jobId, JOB_ROW), this.readShards(jobId)]);
    if (!row) return undefined;
    const counts = sumShards(Number(row.total), shards.map(entityToShard));
    if (counts.queued + counts.retrying > 0) return entityToJob(row, counts);
    if (!row.completedAt) {
      row.completedAt = this.now().toISOString();
      await this.mergeJob(jobId, { completedAt: row.completedAt });
    }
    return entityToJob(row, counts);
  }

  private async mergeJob(jobId: string, fields: Record<string, unknown>): Promise<void> {
    await this.client.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, ...fields }, 'Merge');
  }

  async updateJob(jobId: string, mutate: (job: Job) => JobChange | undefined): Promise<Job | undefined> {
    const job = await this.getJob(jobId);
    if (!job) return undefined;
    const change = mutate(job);
    if (!change) return job;
    // The flags only ever go from false to true, so a blind merge cannot undo another writer.
    await this.mergeJob(jobId, jobChangeToEntity(change));
    return this.getJob(jobId);
  }

  async reserveIdempotencyKey(key: string, binding: IdempotencyBinding): Promise<IdempotencyBinding | undefined> {
    await this.ensureTable();
    // Keys are caller-chosen text; hashing keeps them within row key rules and out of listings.
    const rowKey = createHash('sha256').update(key).digest('hex');
    try {
      await this.client.createEntity({ partitionKey: IDEMPOTENCY_PARTITION, rowKey, ...binding });
      return undefined;
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
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
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }
}

/** Newest first: row keys ascend, so invert the creation time. */
function recentRowKey(job: Job): string {
  const inverted = 9_999_999_999_999 - Date.parse(job.createdAt);
  return `${String(inverted).padStart(13, '0')}-${job.jobId}`;
}

function chunkBySize(entities: Entity[]): Entity[][] {
  const chunks: Entity[][] = [];
  let current: Entity[] = [];
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
    if (statusCodeOf(error) !== 409) throw error;
  }
}
