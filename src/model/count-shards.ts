import { isTerminal, type ItemStatus, type JobCounts } from './job-model.js';

/**
 * A job's counts are split over this many entities, item i counting in shard i mod N. Every
 * status change writes its item and one shard in a single transaction; with one counter entity
 * instead, every concurrent worker of a large job would contend for the same ETag.
 */
export const COUNT_SHARDS = 16;

export type ShardCounts = Omit<JobCounts, 'total'>;

export const EMPTY_SHARD: ShardCounts = { queued: 0, retrying: 0, succeeded: 0, failed: 0, canceled: 0 };

export function shardOf(index: number): number {
  return index % COUNT_SHARDS;
}

export function moveShard(counts: ShardCounts, moves: ReadonlyArray<readonly [ItemStatus, ItemStatus]>): ShardCounts {
  const next = { ...counts };
  for (const [from, to] of moves) {
    next[from] -= 1;
    next[to] += 1;
  }
  return next;
}

export function sumShards(total: number, shards: readonly ShardCounts[]): JobCounts {
  const sum = { total, ...EMPTY_SHARD };
  for (const s of shards) for (const k of Object.keys(EMPTY_SHARD) as Array<keyof ShardCounts>) sum[k] += s[k];
  return sum;
}

/**
 * Items of a new job per shard, all queued. Counted from the items' own indexes: a job that left
 * out some submitted items (`skipNoop`) keeps the caller's numbering, with gaps.
 */
export function initialShards(indexes: readonly number[]): ShardCounts[] {
  const queued: number[] = new Array<number>(COUNT_SHARDS).fill(0);
  for (const index of indexes) queued[shardOf(index)] = (queued[shardOf(index)] ?? 0) + 1;
  return queued.map((n) => ({ ...EMPTY_SHARD, queued: n }));
}

/** A status change of one item: from, to. */
export type StatusMove = readonly [ItemStatus, ItemStatus];

/**
 * A shard after some of its items moved. `settled` says that these moves finished the shard's
 * last active item, which is when the job may have finished and its completion is looked at.
 */
export function shardAfterMoves(counts: ShardCounts, moves: readonly StatusMove[]): { counts: ShardCounts; settled: boolean } {
  const next = moveShard(counts, moves);
  return { counts: next, settled: next.queued + next.retrying === 0 && moves.some(([, to]) => isTerminal(to)) };
}

/** Whether any move takes a finished item back to work (a retry), which un-finishes its job. */
export function reopensJob(moves: readonly StatusMove[]): boolean {
  return moves.some(([from, to]) => isTerminal(from) && !isTerminal(to));
}
