import type { ContenderResult } from './contender-result.js';

const fixed = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));

/** The comparison as a Markdown table, one row per contender. */
export function formatResultsTable(results: readonly ContenderResult[]): string {
  const header = [
    'contender',
    'ratio',
    'budget used',
    'time s (ideal)',
    '429s',
    'premature',
    'lost',
    'billed s/item',
    'interactive p50 / p95 s',
    'max in window',
  ];
  const rows = results.map((r) => {
    const ratio = r.error ? `error: ${r.error.replace(/\|/g, '/').slice(0, 80)}` : r.timedOut ? 'timed out' : fixed(r.ratio, 2);
    const billed = `${fixed(r.billed.secondsPerItem, 3)}${r.billed.basis === 'wall' ? ' (wall)' : ''}`;
    const { interactive: i } = r;
    const interactive =
      i.submitted === 0
        ? '–'
        : `${fixed(i.p50Seconds, 1)} / ${fixed(i.p95Seconds, 1)}` +
          (i.observedP50Seconds !== null ? ` (seen ${fixed(i.observedP50Seconds, 1)} / ${fixed(i.observedP95Seconds, 1)})` : '') +
          (i.applied < i.submitted ? ` (${i.submitted - i.applied} of ${i.submitted} never)` : '');
    return [
      `${r.name}`,
      ratio,
      fixed(r.budgetUsed, 2),
      `${fixed(r.actualSeconds, 1)} (${r.idealSeconds.toFixed(0)})`,
      `${r.writes.throttled} (${r.writes.throttledPercent.toFixed(1)} %)`,
      String(r.writes.premature),
      String(r.lostItems),
      billed,
      interactive,
      `${r.writes.maxInWindow} / ${r.writes.windowLimit}`,
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
