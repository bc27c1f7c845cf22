import type { ContenderResult } from './contender-result.js';
import { familySpeedup } from './format-scenario-table.js';
import type { JobScenarioResult } from './job-scenario-result.js';
import type { IntakeBacklogResult, KillRecoveryResult, ResilienceResult } from './resilience-result.js';

interface TargetRow {
  readonly target: string;
  readonly measured: string;
  /** null when the run that measures it was not made. */
  readonly met: boolean | null;
}

const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? '–' : value.toFixed(digits));

/**
 * The targets next to this run's figures, so a reader sees at once what held. Each is
 * judged on the figure the target names, from the run that measures it: the ratio from the bulk
 * job alone, the interactive p95 from the run where people's changes share the budget (whose bulk
 * ratio is shown beside it, since those changes take their share of the same budget).
 */
export function formatTargets(
  results: readonly ContenderResult[],
  scenarios: readonly JobScenarioResult[],
  resilience: readonly ResilienceResult[],
  context: { readonly load: readonly number[]; readonly cores: number },
): string {
  const contender = (name: string) => results.find((r) => r.name === name && !r.error && !r.timedOut);
  const scenario = (name: string) => scenarios.find((r) => r.name === name && !r.timedOut);
  const rows: TargetRow[] = [];
  for (const name of ['service-1', 'service-3']) {
    const r = contender(name);
    rows.push({
      target: `${name}: ratio ≥ 0.95 (2,000 items of one family, the bulk job alone)`,
      measured: r ? `${fixed(r.ratio, 2)} (budget used ${fixed(r.budgetUsed, 2)})` : 'not run',
      met: r ? (r.ratio ?? 0) >= 0.95 : null,
    });
  }
  for (const name of ['service-1', 'service-3', 'service-3-interactive']) {
    const r = contender(name);
    rows.push({
      target: `${name}: 429s ≤ 1 %, no premature write, nothing lost`,
      measured: r ? `${r.writes.throttledPercent.toFixed(1)} %, ${r.writes.premature} premature, ${r.lostItems} lost` : 'not run',
      met: r ? r.writes.throttledPercent <= 1 && r.writes.premature === 0 && r.lostItems === 0 : null,
    });
  }
  // The people's changes spend the bulk job's budget: its ratio meanwhile is given, not judged.
  const three = contender('service-3-interactive');
  rows.push({
    target: 'service-3-interactive: interactive p95 ≤ 1.5 s while the bulk items drain',
    measured: three
      ? `${fixed(three.interactive.p95Seconds, 1)} s (bulk ratio meanwhile ${fixed(three.ratio, 2)}, budget used ${fixed(three.budgetUsed, 2)}, interactive writes included)`
      : 'not run',
    met: three?.interactive.p95Seconds === null || three === undefined ? null : (three.interactive.p95Seconds ?? Infinity) <= 1.5,
  });
  const job = scenario('job-300');
  rows.push({
    target: `job-300: POST → last write ≥ 0.90 of ideal`,
    measured: job ? `${fixed(job.ratio, 2)} (${fixed(job.postToLastWriteSeconds, 1)} s for ${job.idealSeconds.toFixed(0)} s; first write after ${fixed(job.postToFirstWriteSeconds, 2)} s)` : 'not run',
    met: job ? (job.ratio ?? 0) >= 0.9 : null,
  });
  const speedup = familySpeedup(scenarios);
  const mixed = scenario('mixed-families');
  rows.push({
    target: 'mixed job over three families ≥ 2.5 × one shared budget, 429s ≤ 1 %',
    measured: speedup === null || !mixed ? 'not run' : `${speedup.toFixed(2)} ×, ${mixed.writes.throttledPercent.toFixed(1)} % 429s`,
    met: speedup === null || !mixed ? null : speedup >= 2.5 && mixed.writes.throttledPercent <= 1,
  });
  const intake = resilience.find((r): r is IntakeBacklogResult => r.name === 'intake-10k');
  rows.push({
    target: 'intake-10k: a 10,000-item POST answered in ≤ 5 s with 20,000 messages queued',
    measured: intake ? `${intake.postSecondsMax} s at most (median ${intake.postSecondsMedian} s)` : 'not run',
    met: intake ? intake.postSecondsMax <= 5 : null,
  });
  const kill = resilience.find((r): r is KillRecoveryResult => r.name === 'kill-recovery');
  rows.push({
    target: 'kill-recovery: every item final after a kill and restart, none stuck',
    measured: kill ? `${kill.stuck} stuck, ${kill.lost} lost, job ${kill.finalStatus ?? 'not final'}` : 'not run',
    met: kill ? kill.stuck === 0 && kill.lost === 0 && kill.finalStatus !== null : null,
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    '',
    `Against the targets (load average at the end of the run, 1/5/15 min: ${context.load.join(' / ')}, on ${context.cores} cores):`,
    '',
    line(['target', 'measured', 'met']),
    line(['---', '---', '---']),
    ...rows.map((r) => line([r.target, r.measured, r.met === null ? '–' : r.met ? 'yes' : '**no**'])),
    '',
  ].join('\n');
}
