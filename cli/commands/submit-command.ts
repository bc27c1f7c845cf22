import { randomUUID } from 'node:crypto';
import { followJob } from '../jobs/follow-job.js';
import { formatPlanTable, type PlanItem } from '../jobs/format-tables.js';
import { readSubmissionFile } from '../jobs/read-submission-file.js';
import { ServiceError } from '../service/service-client.js';
import { intervalMs, type CliContext, type WaitOptions } from './cli-context.js';
import { reportJobEnd } from './job-commands.js';

export interface SubmitOptions extends WaitOptions {
  readonly plan?: boolean;
  readonly skipNoop?: boolean;
  readonly label?: string;
  readonly priority?: string;
  readonly idempotencyKey?: string;
}

interface Accepted {
  jobId: string | null;
  status: string;
  itemCount: number;
  skipped?: Array<{ index: number; ref: string | null }>;
}

interface Plan {
  itemCount: number;
  changes: number;
  noops: number;
  unavailable: number;
  items: PlanItem[];
}

/** Attempts at sending a submission when the connection drops or the service is briefly unavailable. */
const SEND_ATTEMPTS = 3;

/**
 * `submit FILE`: sends the file's items as one job. Every attempt carries the same
 * Idempotency-Key, so a submission retried after a dropped connection makes one job, never two.
 * `--plan` asks for a dry run and prints what each item would change; `--wait` follows the job
 * to its end. Exit code: 0 when accepted (with --wait: when every item succeeded), 2 when the
 * job ended otherwise, 1 when refused.
 */
export async function submitCommand(ctx: CliContext, file: string, options: SubmitOptions): Promise<number> {
  const submission = await readSubmissionFile(file, options);
  const every = intervalMs(options.interval);
  if (options.plan) {
    const { body } = await ctx.client.post<Plan>('/jobs', { json: { ...submission.body, dryRun: true }, locate: submission.locate });
    ctx.out.write(`${formatPlanTable(body.items, submission.locate, (index) => actionOf(submission.body.items[index]))}\n`);
    ctx.out.write(`Plan for ${body.itemCount} item(s): ${body.changes} would change, ${body.noops} already as asked, ${body.unavailable} could not be read. Nothing was changed.\n`);
    return 0;
  }
  const key = options.idempotencyKey ?? randomUUID();
  const json = { ...submission.body, ...(options.skipNoop ? { skipNoop: true } : {}) };
  let accepted: Accepted | undefined;
  for (let attempt = 1; !accepted; attempt++) {
    try {
      accepted = (await ctx.client.post<Accepted>('/jobs', { json, headers: { 'idempotency-key': key }, locate: submission.locate })).body;
    } catch (error) {
      if (!(error instanceof ServiceError) || !error.transient || attempt >= SEND_ATTEMPTS) throw error;
      ctx.err.write(`${error.message}\nSending again (attempt ${attempt + 1} of ${SEND_ATTEMPTS}, same Idempotency-Key)…\n`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
  const skipped = accepted.skipped ?? [];
  if (skipped.length > 0) {
    ctx.err.write(`${skipped.length} item(s) left out, Graph already holds them: ${skipped.map((s) => submission.locate(s.index) ?? `item ${s.index}`).join('; ')}\n`);
  }
  if (accepted.jobId === null) {
    ctx.out.write('Nothing to change: Graph already holds every item as asked; no job was made.\n');
    return 0;
  }
  ctx.out.write(`Submitted job ${accepted.jobId} (${accepted.itemCount} item(s), ${accepted.status}).\n`);
  if (!options.wait) {
    ctx.err.write(`Follow it with: bulk-assign watch ${accepted.jobId}\n`);
    return 0;
  }
  const job = await followJob(ctx.client, accepted.jobId, { intervalMs: every, stream: ctx.err });
  return reportJobEnd(ctx, job);
}

function actionOf(item: unknown): string | undefined {
  const action = item && typeof item === 'object' ? (item as { action?: unknown }).action : undefined;
  return typeof action === 'string' ? action : undefined;
}
