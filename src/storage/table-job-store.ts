import { odata, type TransactionAction } from '@azure/data-tables';
import { statusCodeOf } from '../shared/status-code-of.js';
import { sleep as wait } from '../shared/sleep.js';
import pLimit from 'p-limit';
import { createHash } from 'node:crypto';
import type { Item, Job } from '../model/job-model.js';
import { decideItemChanges } from '../model/apply-item-change.js';
import { initialShards, reopensJob, shardAfterMoves, shardOf, sumShards } from '../model/count-shards.js';
import { completedAtFor } from '../model/job-status.js';
import type { ActiveJobEntry, IdempotencyBinding, ItemMutation, ItemQuery, JobChange, JobQuery, JobStore, Page } from '../ports/job-store.js';
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
  LAST_SHARD_ROW,
  shardRowKey,
} from './table-entities.js';
import { ignoreConflict, openTable, retryLostRaces, type Entity, type Row, type StorageTable } from './storage-kit.js';

const RECENT_PARTITION = 'recent';
const IDEMPOTENCY_PARTITION = 'idempotency';
/** One row per job not yet finished, so the sweeper need not read every job ever recorded. */
const ACTIVE_PARTITION = 'active';
/** A transaction holds at most 100 operations; one is kept for the count shard. */
const ITEMS_PER_TRANSACTION = 99;
/** Table storage refuses transaction payloads over 4 MiB. */
const MAX_TRANSACTION_BYTES = 3_500_000;
const MAX_CONFLICT_RETRIES = 50;

/**
 * JobStore on Azure Table storage: one table, a partition per job holding the job, its count
 * shards and its items, so that an item's change and its count commit in one transaction.
 */
export class TableJobStore implements JobStore {
  private readonly table: StorageTable;

  constructor(connection: string, tableName: string, private readonly now: () => Date = () => new Date()) {
    this.table = openTable(connection, tableName);
  }

  private get client() {
    return this.table.client;
  }

  async createJob(job: Job, items: readonly Item[]): Promise<void> {
    // Items first, the job and its count shards last: a job is never visible without its counts,
    // nor before every item it counts exists. An intake that dies part-way leaves only items,
    // which the retried intake finds (their tokens win) and completes.
    await this.addItems(job.jobId, items);
    await this.publishJob(job, items.map((i) => i.index));
  }

  /** Items carry their job id, which is their partition. */
  async addItems(_jobId: string, items: readonly Item[]): Promise<void> {
    await this.table.ready();
    const limit = pLimit(16);
    await Promise.all(chunkBySize(items.map(itemToEntity)).map((chunk) => limit(() => this.createItems(chunk))));
  }

  /** The job row and its count shards in one transaction, after the job is on the active list. */
  async publishJob(job: Job, indexes: readonly number[]): Promise<void> {
    await this.table.ready();
    if (!job.completedAt) await this.markJobActive(job.jobId);
    const shards = initialShards(indexes).map((counts, s) => ({ partitionKey: job.jobId, rowKey: shardRowKey(s), ...counts }));
    // Side by side: the recent-jobs row only lists the job, and a listing skips a row whose job is not there yet.
    await Promise.all([
      ignoreConflict(this.client.submitTransaction([...shards, jobToEntity(job)].map((e): TransactionAction => ['create', e]))),
      ignoreConflict(
        this.client.createEntity({
          partitionKey: RECENT_PARTITION,
          rowKey: recentRowKey(job),
          jobId: job.jobId,
          ...(job.submittedBy ? { submittedBy: job.submittedBy.id } : {}),
        }),
      ),
    ]);
  }

  async *listActiveJobs(): AsyncIterable<ActiveJobEntry> {
    await this.table.ready();
    const filter = odata`PartitionKey eq ${ACTIVE_PARTITION}`;
    for await (const row of this.client.listEntities<{ since?: string }>({ queryOptions: { filter } })) {
      yield { jobId: String(row.rowKey), since: String(row.since ?? ''), tag: String(row.etag) };
    }
  }

  async markJobActive(jobId: string): Promise<void> {
    await this.table.ready();
    // Replace, not merge: the new ETag tells a sweeper that read the old row not to take it off.
    await this.client.upsertEntity({ partitionKey: ACTIVE_PARTITION, rowKey: jobId, since: this.now().toISOString() }, 'Replace');
  }

  async retireActiveJob(entry: ActiveJobEntry): Promise<boolean> {
    try {
      await this.client.deleteEntity(ACTIVE_PARTITION, entry.jobId, { etag: entry.tag });
      return true;
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 404 || status === 412) return false;
      throw error;
    }
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

  /** The job with its counts: its row and its count shards sort together, so one range read has them all. */
  async getJob(jobId: string): Promise<Job | undefined> {
    return (await this.readJob(jobId))?.job;
  }

  /** The job, and the ETag of its row as it was read. */
  private async readJob(jobId: string): Promise<{ job: Job; etag: string } | undefined> {
    await this.table.ready();
    const rows: Row[] = [];
    const filter = odata`PartitionKey eq ${jobId} and RowKey ge ${JOB_ROW} and RowKey le ${LAST_SHARD_ROW}`;
    for await (const row of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(row as Row);
    const jobRow = rows.find((r) => r.rowKey === JOB_ROW);
    if (!jobRow) return undefined;
    const counts = sumShards(Number(jobRow.total), rows.filter((r) => r.rowKey !== JOB_ROW).map(entityToShard));
    const job = entityToJob(jobRow, counts);
    const completedAt = completedAtFor(counts, job.completedAt, this.now().toISOString());
    if (completedAt && !job.completedAt) {
      // The writer of the last status change died before stamping the job: stamp it now.
      const stamped = await this.client.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, completedAt }, 'Merge');
      return { job: { ...job, completedAt }, etag: String(stamped.etag) };
    }
    return { job, etag: String(jobRow.etag) };
  }

  /** One read of the recent list (of one caller's jobs with `submittedBy`), then one range read per job on it. */
  async listJobs(query: JobQuery): Promise<Page<Job>> {
    await this.table.ready();
    const { rows, continuationToken } = await readTablePage(
      this.client.listEntities<{ jobId: string }>({ queryOptions: { filter: recentFilter(query.submittedBy) } }),
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
    await this.table.ready();
    const after = query.afterIndex === undefined || query.afterIndex < 0 ? ITEM_ROW_PREFIX : itemRowKey(query.afterIndex);
    const filter = [
      odata`PartitionKey eq ${jobId} and RowKey gt ${after} and RowKey lt ${'item.'}`,
      ...(query.status ? [odata`status eq ${query.status}`] : []),
      ...(query.updatedBefore ? [odata`updatedAt lt ${query.updatedBefore}`] : []),
      ...(query.attempted ? [odata`attempts gt ${0}`] : []),
    ].join(' and ');
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
    let settled = false;
    let reopened = false;
    for (const [shard, group] of byShard) {
      for (let i = 0; i < group.length; i += ITEMS_PER_TRANSACTION) {
        const result = await this.updateChunk(job, shard, group.slice(i, i + ITEMS_PER_TRANSACTION), mutate);
        changed.push(...result.changed);
        settled ||= result.settled;
        reopened ||= result.reopened;
      }
    }
    if (reopened && jobRow.completedAt) await this.mergeJob(jobId, { completedAt: '' });
    // A shard that settled may have been the job's last: reading the job stamps its completion.
    else if (settled) await this.getJob(jobId);
    return { changed };
  }

  /**
   * Read, decide, write with ETags; on a conflict another writer changed the shard or an item
   * first, so decide again on fresh data. Changes that move no status skip the shard, which keeps
   * the hot path (claiming an item) to a single entity.
   */
  private async updateChunk(job: Job, shard: number, indexes: readonly number[], mutate: ItemMutation) {
    const what = `items of job ${job.jobId} in count shard ${shard}`;
    const pause = (attempt: number) => wait(Math.random() * Math.min(200, 5 * 2 ** attempt));
    return retryLostRaces(what, MAX_CONFLICT_RETRIES, async () => {
      const [shardRow, ...itemRows] = await Promise.all([
        this.read(job.jobId, shardRowKey(shard)),
        ...indexes.map((index) => this.read(job.jobId, itemRowKey(index))),
      ]);
      const rows = itemRows.filter((r): r is Row => r !== undefined);
      const etags = new Map(rows.map((r) => [Number(r.index), r.etag]));
      const { changed, moves } = decideItemChanges(job, rows.map(entityToItem), mutate, this.now().toISOString());
      const outcome = { changed, settled: false, reopened: reopensJob(moves) };
      if (changed.length === 0) return outcome;
      const actions: TransactionAction[] = changed.map((item) => ['update', itemToEntity(item), 'Replace', { etag: etags.get(item.index) }]);
      if (moves.length > 0 && shardRow) {
        const next = shardAfterMoves(entityToShard(shardRow), moves);
        outcome.settled = next.settled;
        actions.push(['update', { partitionKey: job.jobId, rowKey: shardRowKey(shard), ...next.counts }, 'Replace', { etag: shardRow.etag }]);
      }
      if (actions.length === 1) {
        const [, entity, , options] = actions[0] as ['update', Entity, 'Replace', { etag?: string }];
        await this.client.updateEntity(entity, 'Replace', options);
      } else {
        await this.client.submitTransaction(actions);
      }
      return outcome;
    }, pause);
  }

  private async mergeJob(jobId: string, fields: Record<string, unknown>): Promise<void> {
    await this.client.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, ...fields }, 'Merge');
  }

  async updateJob(jobId: string, mutate: (job: Job) => JobChange | undefined): Promise<Job | undefined> {
    const pause = (attempt: number) => wait(Math.random() * Math.min(200, 5 * 2 ** attempt));
    return retryLostRaces(`job ${jobId}`, MAX_CONFLICT_RETRIES, async () => {
      const read = await this.readJob(jobId);
      if (!read) return undefined;
      const { job, etag } = read;
      const change = mutate(job);
      if (!change) return job;
      // Conditional: a change decided on what the job was (an intake step holding its token)
      // must not land after another writer moved the job on.
      await this.client.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, ...jobChangeToEntity(change) }, 'Merge', { etag });
      return this.getJob(jobId);
    }, pause);
  }

  async reserveIdempotencyKey(key: string, binding: IdempotencyBinding): Promise<IdempotencyBinding | undefined> {
    await this.table.ready();
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
    await this.read(IDEMPOTENCY_PARTITION, 'ping');
  }

  private read(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    return this.table.read(partitionKey, rowKey);
  }
}

/** The recent-jobs partition, of one caller's jobs when `submittedBy` is given. */
function recentFilter(submittedBy: string | undefined): string {
  const recent = odata`PartitionKey eq ${RECENT_PARTITION}`;
  return submittedBy === undefined ? recent : `${recent} and ${odata`submittedBy eq ${submittedBy}`}`;
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
