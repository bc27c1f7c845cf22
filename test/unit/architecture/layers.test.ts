import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports } from '../../../tools/architecture/import-graph.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the layers of the deployed code', () => {
  it('has no import that runs from a lower layer to a higher one', () => {
    const report = checkImports(ROOT);
    expect(report.violations).toEqual([]);
  });

  it('places every file of src/ and functions/ in a layer', () => {
    expect(checkImports(ROOT).unplaced).toEqual([]);
  });

  it('finds an adapter that imports a use case', () => {
    const root = tree({
      'src/jobs/submit-job.ts': 'export const x = 1;\n',
      'src/storage/table-job-store.ts': "import { x } from '../jobs/submit-job.js';\n",
    });
    expect(checkImports(root).violations).toEqual([
      { from: 'src/storage/table-job-store.ts', to: 'src/jobs/submit-job.ts', reason: 'adapters imports use cases, a layer above it' },
    ]);
  });

  it('finds the model importing anything of the app', () => {
    const root = tree({
      'src/shared/clock.ts': 'export const now = 1;\n',
      'src/model/job-model.ts': "import { now } from '../shared/clock.js';\n",
    });
    expect(checkImports(root).violations.map((v) => v.reason)).toEqual(['model imports shared kit; it imports nothing of the app']);
  });

  it('finds a use case that reaches past its port to an adapter', () => {
    const root = tree({
      'src/storage/table-job-store.ts': 'export const store = 1;\n',
      'src/worker/apply-item.ts': "import { store } from '../storage/table-job-store.js';\n",
    });
    expect(checkImports(root).violations.map((v) => v.reason)).toEqual(['a use case imports an adapter instead of its port']);
  });

  it('finds deployed code that imports local tooling', () => {
    const root = tree({
      'tools/graph-sim/main.ts': 'export const sim = 1;\n',
      'src/jobs/submit-job.ts': "import { sim } from '../../tools/graph-sim/main.js';\n",
    });
    expect(checkImports(root).violations.map((v) => v.reason)).toEqual([
      'imports tools/graph-sim/main.ts, which is outside the deployed layers',
    ]);
  });
});
