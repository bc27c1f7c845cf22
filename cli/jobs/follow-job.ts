import cliProgress from 'cli-progress';
import { ServiceError, type ServiceClient } from '../service/service-client.js';
import { isFinished, type JobView } from './job-view.js';

export interface FollowOptions {
  /** How often the job is read. */
  readonly intervalMs: number;
  /** Where the bar goes: stderr, so stdout stays for results a script may read. */
  readonly stream: NodeJS.WriteStream;
}

/** Reads in a row that may fail (a restart of the service, a dropped connection) before giving up. */
const MAX_FAILED_READS = 10;

/**
 * Shows a job's progress until it ends, and returns it as it ended. The bar counts finished
 * items (succeeded, failed, canceled) against the total, with succeeded, failed, retrying and
 * queued beside it. On a terminal it redraws in place; piped, it writes a line every few
 * seconds, so a log still shows the job moving.
 */
export async function followJob(client: ServiceClient, jobId: string, options: FollowOptions): Promise<JobView> {
  const path = `/jobs/${encodeURIComponent(jobId)}`;
  let job = (await client.get<JobView>(path)).body;
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {done}/{total} | succeeded {succeeded} | failed {failed} | retrying {retrying} | queued {queued} | {status}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      stream: options.stream,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(job.counts.total, 1), done(job), payload(job));
  let failedReads = 0;
  try {
    while (!isFinished(job)) {
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
      try {
        job = (await client.get<JobView>(path)).body;
        failedReads = 0;
      } catch (error) {
        // While following, even a refused connection may be a restart: keep reading a while.
        const passing = !(error instanceof ServiceError) || error.status === undefined || error.status >= 500;
        if (!passing || ++failedReads >= MAX_FAILED_READS) throw error;
        continue;
      }
      bar.setTotal(Math.max(job.counts.total, 1));
      bar.update(done(job), payload(job));
    }
  } finally {
    bar.stop();
  }
  return job;
}

function done(job: JobView): number {
  return job.counts.succeeded + job.counts.failed + job.counts.canceled;
}

function payload(job: JobView) {
  const { counts } = job;
  return { done: done(job), succeeded: counts.succeeded, failed: counts.failed, retrying: counts.retrying, queued: counts.queued, status: job.status };
}
