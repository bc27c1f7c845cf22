import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseEventRules, type EventRulesResult } from './event-rules.js';

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

/** A key that appears twice in one object; JSON.parse keeps the last and drops the other. */
export interface DuplicateKey {
  /** Offset of the second occurrence, in UTF-16 code units. */
  readonly offset: number;
  readonly key: string;
}

export type JsonScan =
  | { readonly ok: true; readonly duplicateKeys: readonly DuplicateKey[] }
  | { readonly ok: false; readonly offset: number; readonly message: string };

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Checks JSON text (RFC 8259) and says where the first syntax error is, which `JSON.parse` in
 * Node 20 leaves out of some of its messages; and it finds repeated keys, which `JSON.parse`
 * accepts silently. In a rules file a repeated key is a lost setting: two `"when"` objects, or
 * a `when` listing the same reference twice, would keep only the last.
 */
export function scanJson(text: string): JsonScan {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return { ok: true, duplicateKeys: scanner.duplicates };
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}

/** Converts an offset to the 1-based line and column an editor shows. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

class Scanner {
  readonly duplicates: DuplicateKey[] = [];
  #at = 0;

  constructor(readonly text: string) {}

  document(): void {
    this.value(0);
    this.space();
    if (this.#at < this.text.length) this.fail(`unexpected ${this.shown()} after the end of the JSON value`);
  }

  private fail(message: string, offset = this.#at): never {
    throw new ScanError(message, offset);
  }

  /** The character at the cursor, as a message names it. */
  private shown(): string {
    const char = this.text[this.#at];
    return char === undefined ? 'end of input' : `character ${JSON.stringify(char)}`;
  }

  private space(): void {
    while (' \t\n\r'.includes(this.text[this.#at] ?? 'x')) this.#at++;
  }

  private value(depth: number): void {
    this.space();
    const char = this.text[this.#at];
    if (char === '{') return this.object(depth + 1);
    if (char === '[') return this.array(depth + 1);
    if (char === '"') {
      this.string();
      return;
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.#at)) {
        this.#at += literal.length;
        return;
      }
    }
    this.fail(`expected a value, found ${this.shown()}`);
  }

  private object(depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.#at++;
    const keys = new Set<string>();
    this.space();
    if (this.text[this.#at] === '}') {
      this.#at++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.#at] !== '"') this.fail(`expected a property name in double quotes, found ${this.shown()}`);
      const start = this.#at;
      const key = this.string();
      if (keys.has(key)) this.duplicates.push({ offset: start, key });
      keys.add(key);
      this.space();
      if (this.text[this.#at] !== ':') this.fail(`expected ':' after the property name, found ${this.shown()}`);
      this.#at++;
      this.value(depth);
      this.space();
      const next = this.text[this.#at];
      this.#at++;
      if (next === '}') return;
      if (next !== ',') this.fail(`expected ',' or '}' after the property value, found ${next === undefined ? 'end of input' : JSON.stringify(next)}`, this.#at - 1);
      this.space();
      if (this.text[this.#at] === '}') this.fail("a comma before '}' (trailing commas are not JSON)");
    }
  }

  private array(depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.#at++;
    this.space();
    if (this.text[this.#at] === ']') {
      this.#at++;
      return;
    }
    for (;;) {
      this.value(depth);
      this.space();
      const next = this.text[this.#at];
      this.#at++;
      if (next === ']') return;
      if (next !== ',') this.fail(`expected ',' or ']' after the array element, found ${next === undefined ? 'end of input' : JSON.stringify(next)}`, this.#at - 1);
      this.space();
      if (this.text[this.#at] === ']') this.fail("a comma before ']' (trailing commas are not JSON)");
    }
  }

  /** Scans a string and returns its value; the cursor is on the opening quote. */
  private string(): string {
    const start = this.#at;
    this.#at++;
    for (;;) {
      const char = this.text[this.#at];
      if (char === undefined) this.fail('a string that is never closed', start);
      if (char === '"') break;
      if (char < ' ') this.fail('a control character inside a string; write it as an escape such as \\n');
      if (char === '\\') {
        const escape = this.text[this.#at + 1] ?? '';
        if (escape === 'u' && HEX4.test(this.text.slice(this.#at + 2, this.#at + 6))) this.#at += 6;
        else if (SIMPLE_ESCAPES.has(escape)) this.#at += 2;
        else this.fail(`an invalid escape \\${escape} in a string`);
      } else this.#at++;
    }
    this.#at++;
    // The text was just checked, so JSON.parse decodes it exactly as the real parse will.
    return JSON.parse(this.text.slice(start, this.#at)) as string;
  }

  private number(): void {
    NUMBER.lastIndex = this.#at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`an invalid number, found ${this.shown()}`);
    this.#at += match[0].length;
    // "01" or "1." would otherwise stop after "0" or "1" and fail later with a vaguer message.
    const next = this.text[this.#at];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail(`an invalid number: unexpected ${JSON.stringify(next)}`);
  }
}
