import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layers of the deployed code, lowest first. A file may import from its own layer or a
 * lower one; the model and the shared kit import nothing of the app but themselves. Use cases
 * reach adapters only through ports, so they may not import an adapter folder even though it
 * sits lower.
 */
export const LAYERS: ReadonlyArray<{ readonly name: string; readonly folders: readonly string[] }> = [
  { name: 'model', folders: ['src/model'] },
  { name: 'shared kit', folders: ['src/shared'] },
  { name: 'validation', folders: ['src/validation'] },
  { name: 'catalog', folders: ['src/catalog'] },
  { name: 'configuration', folders: ['src/config'] },
  { name: 'ports', folders: ['src/ports'] },
  { name: 'adapters', folders: ['src/storage', 'src/memory', 'src/graph', 'src/identity'] },
  {
    name: 'use cases',
    folders: ['src/jobs', 'src/worker', 'src/events', 'src/reconcile', 'src/plan', 'src/inventory', 'src/health', 'src/auth', 'src/audit'],
  },
  { name: 'http', folders: ['src/http'] },
  { name: 'composition', folders: ['src/composition-root.ts'] },
  { name: 'triggers', folders: ['functions'] },
];

const SELF_CONTAINED = new Set(['model', 'shared kit']);
const ADAPTERS = 'adapters';
const USE_CASES = 'use cases';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly files: number;
  readonly lines: number;
  readonly largest: { readonly file: string; readonly lines: number };
  readonly imports: number;
  /** Files in `src/` or `functions/` that no layer names. */
  readonly unplaced: readonly string[];
  readonly violations: readonly ImportEdge[];
}

/** Walks `src/` and `functions/` under `root` and checks every relative import against the layers. */
export function checkImports(root: string, layers = LAYERS): ImportReport {
  const files = ['src', 'functions'].flatMap((d) => listTs(join(root, d))).map((f) => relative(root, f).split(sep).join('/'));
  const layerOf = (file: string): number => layers.findIndex((l) => l.folders.some((f) => file === f || file.startsWith(`${f}/`)));
  const violations: ImportEdge[] = [];
  const unplaced: string[] = [];
  let lines = 0;
  let imports = 0;
  let largest = { file: '', lines: 0 };
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const count = text.split('\n').length;
    lines += count;
    if (count > largest.lines) largest = { file, lines: count };
    const from = layerOf(file);
    if (from < 0) unplaced.push(file);
    for (const spec of relativeImports(text)) {
      imports += 1;
      const target = relative(root, resolve(root, dirname(file), spec.replace(/\.js$/, '.ts'))).split(sep).join('/');
      const to = layerOf(target);
      const reason = offence(layers, from, to, target);
      if (reason) violations.push({ from: file, to: target, reason });
    }
  }
  return { files: files.length, lines, largest, imports, unplaced, violations };
}

function offence(layers: typeof LAYERS, from: number, to: number, target: string): string | undefined {
  if (from < 0) return undefined;
  const fromName = layers[from]!.name;
  if (to < 0) return `imports ${target}, which is outside the deployed layers`;
  const toName = layers[to]!.name;
  if (SELF_CONTAINED.has(fromName) && to !== from) return `${fromName} imports ${toName}; it imports nothing of the app`;
  if (to > from) return `${fromName} imports ${toName}, a layer above it`;
  if (fromName === USE_CASES && toName === ADAPTERS) return 'a use case imports an adapter instead of its port';
  return undefined;
}

function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
}

function listTs(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
