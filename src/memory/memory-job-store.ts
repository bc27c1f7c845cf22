import { checkOffsetPageToken } from './check-offset-page-token.js';
import type { Item, Job } from '../model/job-model.js';
import { applyItemChanges, applyJobChange } from '../model/apply-item-change.js';
import type { IdempotencyBinding, ItemQuery, JobQuery, JobStore, Page } from '../ports/job-store.js';

/** In-process JobStore for unit tests of the core; same contract as the Table storage adapter. */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly items = new Map<string, Item[]>();
  private readonly keys = new Map<string, IdempotencyBinding>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async createJob(job: Job, items: readonly Item[]): Promise<void> {
    if (!this.jobs.has(job.jobId)) this.jobs.set(job.jobId, structuredClone(job));
    const stored = this.items.get(job.jobId) ?? [];
    for (const item of items) stored[item.index] ??= structuredClone(item);
    this.items.set(job.jobId, stored);
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
    const all = (this.items.get(jobId) ?? []).filter((i) => i && (!query.status || i.status === query.status));
    return page(all, query.limit, query.continuationToken);
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
