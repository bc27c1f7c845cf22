import { checkOffsetPageToken } from './check-offset-page-token.js';
import type { Item, Job } from '../model/job-model.js';
import { applyItemChanges, applyJobChange } from '../model/apply-item-change.js';
import type { ActiveJobEntry, IdempotencyBinding, ItemQuery, JobQuery, JobStore, Page } from '../ports/job-store.js';

/** In-process JobStore for unit tests of the core; same contract as the Table storage adapter. */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly items = new Map<string, Item[]>();
  private readonly keys = new Map<string, IdempotencyBinding>();
  private readonly active = new Map<string, ActiveJobEntry>();
  private tags = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async createJob(job: Job, items: readonly Item[]): Promise<void> {
    await this.addItems(job.jobId, items);
    await this.publishJob(job, items.map((i) => i.index));
  }

  async addItems(jobId: string, items: readonly Item[]): Promise<void> {
    const stored = this.items.get(jobId) ?? [];
    for (const item of items) stored[item.index] ??= structuredClone(item);
    this.items.set(jobId, stored);
  }

  /** Counts come with the job here; the store keeps no shards. */
  async publishJob(job: Job, _indexes?: readonly number[]): Promise<void> {
    if (this.jobs.has(job.jobId)) return;
    if (!job.completedAt) await this.markJobActive(job.jobId);
    this.jobs.set(job.jobId, structuredClone(job));
    if (!this.items.has(job.jobId)) this.items.set(job.jobId, []);
  }

  async *listActiveJobs(): AsyncIterable<ActiveJobEntry> {
    for (const entry of [...this.active.values()]) yield { ...entry };
  }

  async markJobActive(jobId: string): Promise<void> {
    this.active.set(jobId, { jobId, since: this.now().toISOString(), tag: String(++this.tags) });
  }

  async retireActiveJob(entry: ActiveJobEntry): Promise<boolean> {
    if (this.active.get(entry.jobId)?.tag !== entry.tag) return false;
    return this.active.delete(entry.jobId);
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    return clone(this.jobs.get(jobId));
  }

  async listJobs(query: JobQuery): Promise<Page<Job>> {
    const all = [...this.jobs.values()].filter((j) => query.submittedBy === undefined || j.submittedBy?.id === query.submittedBy).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return page(all, query.limit, query.continuationToken);
  }

  async getItem(jobId: string, index: number): Promise<Item | undefined> {
    return clone(this.items.get(jobId)?.[index]);
  }

  async listItems(jobId: string, query: ItemQuery): Promise<Page<Item>> {
    // Continued after the last index returned, as Table storage continues after the last row key:
    // a caller that changes the items it pages through (cancel, retry) skips none of them.
    const stored = this.items.get(jobId) ?? [];
    const resumeAfter = query.continuationToken === undefined ? -1 : checkOffsetPageToken(query.continuationToken, stored.length);
    const after = Math.max(query.afterIndex ?? -1, resumeAfter);
    const all = stored.filter(
      (i) =>
        i &&
        i.index > after &&
        (!query.status || i.status === query.status) &&
        (query.updatedBefore === undefined || i.updatedAt < query.updatedBefore) &&
        (!query.attempted || i.attempts > 0),
    );
    const values = all.slice(0, query.limit).map((v) => structuredClone(v));
    const last = values.at(-1);
    return { values, continuationToken: all.length > query.limit && last ? String(last.index) : undefined };
  }

  async updateItems(jobId: string, indexes: readonly number[], mutate: Parameters<JobStore['updateItems']>[2]) {
    const job = this.jobs.get(jobId);
    const stored = this.items.get(jobId);
    if (!job || !stored) return undefined;
    const current = indexes.map((i) => stored[i]).filter((i): i is Item => i !== undefined);
    const result = applyItemChanges(job, current.map((i) => structuredClone(i)), mutate, this.now().toISOString());
    for (const item of result.changed) stored[item.index] = structuredClone(item);
    this.jobs.set(jobId, structuredClone(result.job));
    return { changed: result.changed.map((i) => structuredClone(i)) };
  }

  async updateJob(jobId: string, mutate: (job: Job) => Partial<Job> | undefined): Promise<Job | undefined> {
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    const change = mutate(structuredClone(job));
    if (!change) return structuredClone(job);
    const next = applyJobChange(job, change);
    this.jobs.set(jobId, next);
    return structuredClone(next);
  }

  async reserveIdempotencyKey(key: string, binding: IdempotencyBinding): Promise<IdempotencyBinding | undefined> {
    const existing = this.keys.get(key);
    if (existing) return { ...existing };
    this.keys.set(key, { ...binding });
    return undefined;
  }

  async ping(): Promise<void> {}
}

function clone<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

function page<T>(all: readonly T[], limit: number, token: string | undefined): Page<T> {
  const start = token ? checkOffsetPageToken(token, all.length) : 0;
  const values = all.slice(start, start + limit).map((v) => structuredClone(v));
  const next = start + limit;
  return { values, continuationToken: next < all.length ? String(next) : undefined };
}
