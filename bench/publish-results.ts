/**
 * `npm run bench:publish`: after `npm run bench`, copies its results from `bench/out/` to
 * `docs/bench/` and puts `results.md` and the charts into the README between the
 * `bench-results` markers, so that the README shows the run's figures and nothing else.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUT_DIR, PROJECT_ROOT } from './project-paths.js';

const START = '<!-- bench-results:start -->';
const END = '<!-- bench-results:end -->';
const CHARTS: ReadonlyArray<readonly [string, string]> = [
  ['writes-per-second.svg', 'Accepted writes and 429s per second for each contender'],
  ['job-writes-per-second.svg', 'Accepted writes and 429s per second of each job scenario, from its POST'],
];

const docs = path.join(PROJECT_ROOT, 'docs', 'bench');
const results = path.join(OUT_DIR, 'results.md');
if (!existsSync(results)) {
  console.error(`No ${path.relative(PROJECT_ROOT, results)}: run npm run bench first.`);
  process.exit(1);
}
mkdirSync(docs, { recursive: true });
const published: string[] = [];
for (const file of ['results.json', 'results.md', ...CHARTS.map(([name]) => name)]) {
  const from = path.join(OUT_DIR, file);
  if (!existsSync(from)) continue;
  copyFileSync(from, path.join(docs, file));
  published.push(file);
}

const readmePath = path.join(PROJECT_ROOT, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md has no ${START} … ${END} block to fill.`);
  process.exit(1);
}
const charts = CHARTS.filter(([name]) => published.includes(name)).map(([name, alt]) => `![${alt}](docs/bench/${name})`);
const block = [START, readFileSync(results, 'utf8').trim(), '', ...charts.flatMap((c) => [c, '']), END].join('\n');
writeFileSync(readmePath, readme.slice(0, start) + block + readme.slice(end + END.length));
console.log(`Published ${published.join(', ')} to docs/bench/ and the README's results block.`);
