import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEventRules } from '../../../src/events/event-rules.js';
import { rule } from './rule-fixtures.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'event-rules-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, 'utf8');
  return path;
}

describe('loadEventRules', () => {
  it('loads a valid file', async () => {
    const path = await fileWith('valid.json', JSON.stringify({ rules: [rule()] }, null, 2));
    const result = await loadEventRules(path);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.rules.map((r) => r.name)).toEqual(['department-change']);
  });

  it('reports a missing file, naming the path', async () => {
    const path = join(dir, 'missing.json');
    expect(await loadEventRules(path)).toEqual({ ok: false, errors: [`${path}: no such file`] });
  });

  it('reports a directory given as the file', async () => {
    const path = join(dir, 'a-directory');
    await mkdir(path);
    expect(await loadEventRules(path)).toEqual({ ok: false, errors: [`${path}: is a directory, not a rules file`] });
  });

  it('reports bad JSON with the line and column of the mistake', async () => {
    const path = await fileWith('trailing-comma.json', '{\n  "rules": [\n    {"name": "a"},\n  ]\n}\n');
    const result = await loadEventRules(path);
    expect(result).toEqual({
      ok: false,
      errors: [`${path}: is not valid JSON: a comma before ']' (trailing commas are not JSON) at line 4, column 3`],
    });
  });

  it('reports an empty file as bad JSON', async () => {
    const path = await fileWith('empty.json', '');
    expect(await loadEventRules(path)).toMatchObject({ ok: false, errors: [expect.stringContaining('is not valid JSON: expected a value, found end of input at line 1, column 1')] });
  });

  it('reports a key repeated within one object, with its position', async () => {
    const text = [
      '{',
      '  "rules": [',
      '    {',
      '      "name": "a", "eventType": "t", "label": "l",',
      '      "when": { "data.country": "NL", "data.country": "BE" },',
      `      "items": ${JSON.stringify(rule().items)}`,
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const path = await fileWith('repeated.json', text);
    expect(await loadEventRules(path)).toEqual({
      ok: false,
      errors: [`${path}: line 5, column 39: repeats the key "data.country" within one object; only the last would count`],
    });
  });

  it('prefixes the errors of the rules with the path', async () => {
    const path = await fileWith('bad-rule.json', JSON.stringify({ rules: [rule({ priority: 'urgent' })] }));
    expect(await loadEventRules(path)).toEqual({ ok: false, errors: [`${path}: rules[0].priority: must be one of interactive, bulk; got "urgent"`] });
  });

  it('accepts a file saved with a byte order mark', async () => {
    const path = await fileWith('bom.json', `\uFEFF${JSON.stringify({ rules: [] })}`);
    expect(await loadEventRules(path)).toEqual({ ok: true, rules: [] });
  });
});
