import { writeFile } from 'node:fs/promises';
import { formatItemsCsv, type ItemView } from '../csv/format-items-csv.js';
import { formatItemsTable } from '../jobs/format-tables.js';
import type { CliContext } from './cli-context.js';

export interface ItemsOptions {
  readonly status?: string;
  readonly csv?: boolean;
  readonly json?: boolean;
  readonly output?: string;
}

const PAGE = 1000;

/**
 * `items JOB`: every item of a job (all pages), optionally only those of one status, as a table,
 * as the items CSV (`--csv`, which `submit` reads back) or as JSON. `--output FILE` writes the
 * file instead of standard output.
 */
export async function itemsCommand(ctx: CliContext, jobId: string, options: ItemsOptions): Promise<number> {
  if (options.csv && options.json) throw new Error('Give --csv or --json, not both.');
  const items: ItemView[] = [];
  let token: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (options.status) query.set('status', options.status);
    if (token) query.set('continuationToken', token);
    const page: { body: { items: ItemView[]; continuationToken: string | null } } = await ctx.client.get(`/jobs/${encodeURIComponent(jobId)}/items?${query}`);
    items.push(...page.body.items);
    token = page.body.continuationToken;
  } while (token);
  if (items.length === 0 && !options.csv && !options.json) {
    ctx.err.write(`Job ${jobId} has no items${options.status ? ` with status ${options.status}` : ''}.\n`);
    return 0;
  }
  const text = options.csv ? formatItemsCsv(items) : options.json ? `${JSON.stringify({ jobId, items }, null, 2)}\n` : `${formatItemsTable(items)}\n`;
  if (options.output) {
    await writeFile(options.output, text);
    ctx.err.write(`Wrote ${items.length} item(s) to ${options.output}.\n`);
  } else {
    ctx.out.write(text);
  }
  return 0;
}
