import type { JobScenarioResult } from './job-scenario-result.js';

const fixed = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));

/** The job scenarios as a Markdown table, one row each. */
export function formatScenarioTable(results: readonly JobScenarioResult[]): string {
  const header = ['job', 'items', 'budgets', 'POST answered s', 'POST → first write s', 'POST → last write s (ideal)', 'ratio', 'writes/s', '429s', 'premature', 'lost', 'max in window per family'];
  const rows = results.map((r) => [
    r.name,
    String(r.items),
    r.budgetScope === 'family' ? 'per family' : 'shared',
    fixed(r.postAnsweredSeconds, 2),
    fixed(r.postToFirstWriteSeconds, 2),
    `${r.timedOut ? 'timed out' : fixed(r.postToLastWriteSeconds, 1)} (${r.idealSeconds.toFixed(0)})`,
    fixed(r.ratio, 2),
    fixed(r.writesPerSecond, 1),
    `${r.writes.throttled} (${r.writes.throttledPercent.toFixed(1)} %)`,
    String(r.writes.premature),
    String(r.lostItems),
    Object.values(r.maxInWindowPerFamily).map((n) => `${n}`).join(' / ') + ` of ${r.windowLimit}`,
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 || i === 2 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** How many times the per-family job outran the shared one, when both ran. */
export function familySpeedup(results: readonly JobScenarioResult[]): number | null {
  const families = results.find((r) => r.name === 'mixed-families')?.writesPerSecond ?? null;
  const shared = results.find((r) => r.name === 'mixed-shared')?.writesPerSecond ?? null;
  return families === null || shared === null || shared === 0 ? null : Number((families / shared).toFixed(2));
}
