import { followJob } from '../jobs/follow-job.js';
import { exitCodeOf, summarizeJob, type JobView } from '../jobs/job-view.js';
import { intervalMs, type CliContext, type WaitOptions } from './cli-context.js';

/** `watch JOB`: the progress bar until the job ends; exit 0 when every item succeeded. */
export async function watchCommand(ctx: CliContext, jobId: string, options: WaitOptions): Promise<number> {
  const job = await followJob(ctx.client, jobId, { intervalMs: intervalMs(options.interval), stream: ctx.err });
  return reportJobEnd(ctx, job);
}

/** How a followed job ended, where to see its failures, and the exit code that says it. */
export function reportJobEnd(ctx: CliContext, job: JobView): number {
  ctx.out.write(`${summarizeJob(job)}\n`);
  if (job.counts.failed > 0) ctx.err.write(`See the failures with: bulk-assign items ${job.jobId} --status failed\n`);
  return exitCodeOf(job);
}

/** `cancel JOB`: items not yet applied end canceled. */
export async function cancelCommand(ctx: CliContext, jobId: string): Promise<number> {
  const { body } = await ctx.client.post<JobView & { canceledItems: number }>(`/jobs/${encodeURIComponent(jobId)}/cancel`);
  ctx.out.write(`Canceled ${body.canceledItems} item(s) of job ${body.jobId}; it is now ${body.status}. Items already sent to Graph end as Graph answers.\n`);
  return 0;
}

/** `retry JOB`: the job's failed items go back on the queue; `--wait` follows the job again. */
export async function retryCommand(ctx: CliContext, jobId: string, options: WaitOptions): Promise<number> {
  const { body } = await ctx.client.post<JobView & { requeued: number }>(`/jobs/${encodeURIComponent(jobId)}/retry`);
  ctx.out.write(`Queued ${body.requeued} failed item(s) of job ${body.jobId} again.\n`);
  return options.wait ? watchCommand(ctx, body.jobId, options) : 0;
}

/** `undo JOB`: a new job that puts back what JOB changed; `--wait` follows that job. */
export async function undoCommand(ctx: CliContext, jobId: string, options: WaitOptions): Promise<number> {
  const { body, headers } = await ctx.client.post<{ jobId: string; status: string; itemCount: number }>(`/jobs/${encodeURIComponent(jobId)}/undo`);
  // A job is undone once: asking again answers with the undo job the first request made.
  if (headers.get('idempotent-replayed') === 'true') {
    ctx.out.write(`Job ${jobId} was already undone by job ${body.jobId} (${body.itemCount} item(s), ${body.status}); nothing new was submitted.\n`);
  } else {
    ctx.out.write(`Submitted undo job ${body.jobId} (${body.itemCount} item(s), ${body.status}) for job ${jobId}.\n`);
  }
  return options.wait ? watchCommand(ctx, body.jobId, options) : 0;
}

/** `jobs`: recent jobs, newest first. */
export async function jobsCommand(ctx: CliContext, options: { limit: string }): Promise<number> {
  const { body } = await ctx.client.get<{ jobs: JobView[] }>(`/jobs?limit=${encodeURIComponent(options.limit)}`);
  for (const job of body.jobs) ctx.out.write(`${job.createdAt}  ${job.jobId}  ${job.source.padEnd(9)} ${job.status.padEnd(18)} ${job.counts.succeeded}/${job.counts.total}${job.label ? `  ${job.label}` : ''}\n`);
  if (body.jobs.length === 0) ctx.err.write('No jobs yet.\n');
  return 0;
}
