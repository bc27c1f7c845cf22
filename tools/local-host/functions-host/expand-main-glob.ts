import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Resolves package.json `main` to the entry files the worker would load: a single path or a glob
 * (`*`, `?`, `**`, `{a,b}`), relative to the app root. Results are absolute, de-duplicated and
 * sorted so the load order is stable between runs.
 */
export async function expandMainGlob(root: string, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  for (const variant of expandBraces(pattern)) {
    const segments = variant.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter((s) => s !== '' && s !== '.');
    await walk(path.resolve(root), segments, found);
  }
  return [...found].sort();
}

function expandBraces(pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  return (match[1] ?? '').split(',').flatMap((option) => expandBraces(before + option + after));
}

function hasWildcard(segment: string): boolean {
  return /[*?]/.test(segment);
}

function segmentRegExp(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

async function kindOf(target: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(target);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function walk(dir: string, segments: string[], found: Set<string>): Promise<void> {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const last = rest.length === 0;

  if (head === '**') {
    await walk(dir, rest, found);
    for (const entry of await listDir(dir)) {
      // A recursive glob never descends into dependencies or hidden folders.
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        await walk(path.join(dir, entry.name), segments, found);
      }
    }
    return;
  }

  if (!hasWildcard(head)) {
    const target = path.join(dir, head);
    const kind = await kindOf(target);
    if (last && kind === 'file') found.add(target);
    else if (!last && kind === 'dir') await walk(target, rest, found);
    return;
  }

  const regExp = segmentRegExp(head);
  for (const entry of await listDir(dir)) {
    if (entry.name.startsWith('.') || !regExp.test(entry.name)) continue;
    const target = path.join(dir, entry.name);
    if (last && entry.isFile()) found.add(target);
    else if (!last && entry.isDirectory()) await walk(target, rest, found);
  }
}

async function listDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
