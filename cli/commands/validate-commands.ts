import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { loadEventRules } from '../../src/events/load-event-rules.js';
import { MAX_DESIRED_STATE_DOCUMENT_BYTES, oversizedDocument, type DesiredStateDocument } from '../../src/ports/reconciliation-ports.js';
import { parseDesiredState } from '../../src/reconcile/parse-desired-state.js';
import type { CliContext } from './cli-context.js';

/**
 * `validate-rules FILE`: checks an event rules file with the code the service runs at start-up
 * (`EVENT_RULES_PATH`), offline. Exit 0 when the service would accept it, 1 otherwise.
 */
export async function validateRulesCommand(ctx: CliContext, file: string): Promise<number> {
  const result = await loadEventRules(file);
  if (!result.ok) {
    ctx.err.write(`The service would refuse this rules file at start-up:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 1;
  }
  ctx.out.write(`${file}: ${result.rules.length} rule(s), all valid: ${result.rules.map((r) => `${r.name} (${r.eventType})`).join(', ') || 'none'}.\n`);
  return 0;
}

/**
 * `validate-desired-state DIR`: reads every `.json` file under DIR, at any depth, named by its
 * path relative to DIR as its blob would be, and checks them together with the code a
 * reconciliation run uses, offline. Exit 0 when a run would accept them, 1 otherwise.
 */
export async function validateDesiredStateCommand(ctx: CliContext, dir: string): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).filter((n) => n.toLowerCase().endsWith('.json'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'is a file; give the directory that holds the documents' : `cannot be read (${code})`}`);
  }
  const documents: DesiredStateDocument[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const blobName = relative(dir, path).split(sep).join('/');
    const { size } = await stat(path);
    if (size > MAX_DESIRED_STATE_DOCUMENT_BYTES) {
      documents.push(oversizedDocument(blobName, size));
      continue;
    }
    documents.push({ name: blobName, text: (await readFile(path, 'utf8')).replace(/^\uFEFF/, '') });
  }
  documents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result = parseDesiredState(documents);
  if (!result.ok) {
    ctx.err.write(`${dir}: a reconciliation run would fail on these documents:\n${result.errors.map((e) => `  - ${[e.file, e.field].filter(Boolean).join(': ')}: ${e.message}`).join('\n')}\n`);
    return 1;
  }
  ctx.out.write(`${dir}: ${documents.length} document(s), ${result.value.length} desired assignment(s), all valid.\n`);
  return 0;
}
