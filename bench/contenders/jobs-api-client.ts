import type { BenchTarget } from '../build-bench-seed.js';

/** The fields of `GET /api/jobs/{jobId}` the benchmark reads. */
export interface JobSnapshot {
  readonly jobId: string;
  readonly status: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly completedAt: string | null;
}

/** Job statuses after which nothing more happens to the job. */
const FINISHED = new Set(['succeeded', 'partiallySucceeded', 'failed', 'canceled']);

/** A minimal client of the service's public HTTP contract, as a portal would call it. */
export class JobsApiClient {
  /** @param api base URL ending in `/api` */
  constructor(private readonly api: string) {}

  /**
   * `POST /api/jobs`. `priority` left out lets the service choose, which for a small job is the
   * interactive lane.
   */
  async submit(items: readonly BenchTarget[], options: { label: string; priority?: 'bulk'; signal?: AbortSignal }): Promise<string> {
    const body = {
      label: options.label,
      ...(options.priority ? { priority: options.priority } : {}),
      items: items.map((t) => ({ ref: t.assignmentId, apiVersion: t.apiVersion, path: t.path, body: t.body })),
    };
    const response = await fetch(`${this.api}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    if (response.status !== 202) throw new Error(`POST /api/jobs answered ${response.status}: ${text.slice(0, 300)}`);
    const { jobId } = JSON.parse(text) as { jobId?: unknown };
    if (typeof jobId !== 'string') throw new Error(`POST /api/jobs answered without a jobId: ${text.slice(0, 300)}`);
    return jobId;
  }

  async get(jobId: string, signal?: AbortSignal): Promise<JobSnapshot> {
    const response = await fetch(`${this.api}/jobs/${encodeURIComponent(jobId)}`, signal ? { signal } : {});
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET /api/jobs/${jobId} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as JobSnapshot;
  }

  static isFinished(job: JobSnapshot): boolean {
    return FINISHED.has(job.status);
  }
}
