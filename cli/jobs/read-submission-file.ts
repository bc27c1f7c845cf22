import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseItemsCsv } from '../csv/parse-items-csv.js';
import type { ItemLocator } from '../service/describe-problem.js';

export interface SubmissionFile {
  /** The body of `POST /api/jobs`, without dryRun or skipNoop (the command adds those). */
  readonly body: Record<string, unknown> & { items: unknown[] };
  /** Where item N came from: `line 5 (ref change-3)` for CSV, `items[2] (ref change-3)` for JSON. */
  readonly locate: ItemLocator;
}

/** A file the command line cannot read as a submission; the message says what to fix. */
export class SubmissionFileError extends Error {}

/**
 * Reads a submission from a file: an items CSV (`.csv`, format in the README), or JSON
 * (`.json`, or text starting with `{` or `[`) holding either the body of `POST /api/jobs` or a
 * bare array of its items. `label` and `priority` given on the command line win over the file's;
 * a CSV job is labelled with its file name unless one is given.
 */
export async function readSubmissionFile(file: string, options: { label?: string; priority?: string }): Promise<SubmissionFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SubmissionFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`}`);
  }
  const overrides = { ...(options.label ? { label: options.label } : {}), ...(options.priority ? { priority: options.priority } : {}) };
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const json = extname(file).toLowerCase() === '.json' || (extname(file).toLowerCase() !== '.csv' && /^[[{]/.test(trimmed));
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new SubmissionFileError(`${file}: is not valid JSON: ${(error as Error).message}`);
    }
    const body = Array.isArray(parsed) ? { items: parsed } : parsed;
    if (!body || typeof body !== 'object' || !Array.isArray((body as { items?: unknown }).items)) {
      throw new SubmissionFileError(`${file}: must be a JSON array of items or an object with an items array`);
    }
    const items = (body as { items: unknown[] }).items;
    return {
      body: { ...(body as Record<string, unknown>), ...overrides, items },
      locate: (index) => `items[${index}]${refOf(items[index])}`,
    };
  }
  const parsed = parseItemsCsv(trimmed);
  if (!parsed.ok) throw new SubmissionFileError([`${file}:`, ...parsed.errors.map((e) => `  - ${e}`)].join('\n'));
  const { items, lines } = parsed;
  return {
    body: { label: basename(file), ...overrides, items },
    locate: (index) => (lines[index] !== undefined ? `line ${lines[index]}${refOf(items[index])}` : undefined),
  };
}

function refOf(item: unknown): string {
  const ref = item && typeof item === 'object' ? (item as { ref?: unknown }).ref : undefined;
  return typeof ref === 'string' ? ` (ref ${ref})` : '';
}
