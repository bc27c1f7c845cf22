import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseEventRules, type EventRulesResult } from './parse-event-rules.js';
import { lineAndColumn, scanJson } from './scan-json.js';

/**
 * Reads a rules file and parses it with {@link parseEventRules}. The only I/O of the events
 * layer. Every error starts with the path as given, so the operator sees which file is meant.
 *
 * - missing or unreadable file: one error saying so;
 * - not JSON: one error with the line and column of the first mistake;
 * - a key repeated within one object: an error for each, since JSON.parse would keep the last
 *   silently and the file would not do what it reads as;
 * - otherwise whatever the rules themselves get wrong.
 */
export async function loadEventRules(filePath: string): Promise<EventRulesResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${filePath}: ${describeReadError(error)}`] };
  }
  return parseRulesText(text, filePath);
}

/** The same as {@link loadEventRules}, for start-up code that cannot wait (the composition root). */
export function loadEventRulesSync(filePath: string): EventRulesResult {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${filePath}: ${describeReadError(error)}`] };
  }
  return parseRulesText(text, filePath);
}

function parseRulesText(text: string, filePath: string): EventRulesResult {
  // Editors on Windows may save a byte order mark, which JSON does not allow but means nothing.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const scan = scanJson(text);
  if (!scan.ok) {
    const { line, column } = lineAndColumn(text, scan.offset);
    return { ok: false, errors: [`${filePath}: is not valid JSON: ${scan.message} at line ${line}, column ${column}`] };
  }
  const repeated = scan.duplicateKeys.map((d) => {
    const { line, column } = lineAndColumn(text, d.offset);
    return `${filePath}: line ${line}, column ${column}: repeats the key ${JSON.stringify(d.key)} within one object; only the last would count`;
  });
  const parsed = parseEventRules(JSON.parse(text), filePath);
  if (repeated.length === 0) return parsed;
  return { ok: false, errors: [...repeated, ...(parsed.ok ? [] : parsed.errors)] };
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a rules file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}
