import { describe, expect, it } from 'vitest';
import { decideItemChanges, jobAfterMoves } from '../../../src/model/apply-item-change.js';
import { reopensJob, shardAfterMoves } from '../../../src/model/count-shards.js';
import { completedAtFor } from '../../../src/model/job-status.js';
import { holdsActivePlace } from '../../../src/model/reconciliation-model.js';
import type { Item, Job } from '../../../src/model/job-model.js';

const NOW = '2026-12-07T02:00:00.000Z';
const job = { jobId: 'j', counts: { total: 2, queued: 2, retrying: 0, succeeded: 0, failed: 0, canceled: 0 }, cancelRequested: false, status: 'queued', completedAt: undefined } as unknown as Job;
const item = (index: number, status: Item['status']) => ({ jobId: 'j', index, status }) as unknown as Item;

describe('rules the memory and Table adapters share', () => {
  it('changes only the items the mutation touches and lists their status moves', () => {
    const { changed, moves } = decideItemChanges(job, [item(0, 'queued'), item(1, 'queued')], (i) => (i.index === 0 ? { status: 'succeeded' } : undefined), NOW);
    expect(changed.map((i) => [i.index, i.status, i.updatedAt])).toEqual([[0, 'succeeded', NOW]]);
    expect(moves).toEqual([['queued', 'succeeded']]);
  });

  it('finishes the job when its last active item moves, and not before', () => {
    const half = jobAfterMoves(job, [['queued', 'succeeded']], NOW);
    expect([half.status, half.completedAt]).toEqual(['running', undefined]);
    const done = jobAfterMoves(half, [['queued', 'failed']], NOW);
    expect([done.status, done.completedAt]).toEqual(['partiallySucceeded', NOW]);
  });

  it('keeps a recorded completion time and clears it while work remains', () => {
    const idle = { total: 1, queued: 0, retrying: 0, succeeded: 1, failed: 0, canceled: 0 };
    expect(completedAtFor(idle, '2026-01-01T00:00:00.000Z', NOW)).toBe('2026-01-01T00:00:00.000Z');
    expect(completedAtFor(idle, undefined, NOW)).toBe(NOW);
    expect(completedAtFor({ ...idle, retrying: 1 }, '2026-01-01T00:00:00.000Z', NOW)).toBeUndefined();
  });

  it('says a shard settled only when a move ended its last active item', () => {
    const shard = { queued: 1, retrying: 0, succeeded: 0, failed: 0, canceled: 0 };
    expect(shardAfterMoves(shard, [['queued', 'succeeded']])).toEqual({ counts: { ...shard, queued: 0, succeeded: 1 }, settled: true });
    expect(shardAfterMoves(shard, [['queued', 'retrying']]).settled).toBe(false);
    expect(reopensJob([['failed', 'queued']])).toBe(true);
    expect(reopensJob([['queued', 'failed']])).toBe(false);
  });

  it('lets an unfinished recent run hold the one active place, and a stale or finished one not', () => {
    const now = new Date(NOW);
    const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
    expect(holdsActivePlace(minuteAgo, 'running', 3_600_000, now)).toBe(true);
    expect(holdsActivePlace(minuteAgo, undefined, 3_600_000, now)).toBe(true);
    expect(holdsActivePlace(minuteAgo, 'succeeded', 3_600_000, now)).toBe(false);
    expect(holdsActivePlace(minuteAgo, 'running', 30_000, now)).toBe(false);
  });
});
