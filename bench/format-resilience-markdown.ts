import type { IntakeBacklogResult, KillRecoveryResult, ResilienceResult } from './resilience-result.js';

/** The resilience runs as Markdown for results.md; empty when none ran. */
export function formatResilienceMarkdown(results: readonly ResilienceResult[]): string {
  const intake = results.find((r): r is IntakeBacklogResult => r.name === 'intake-10k');
  const kill = results.find((r): r is KillRecoveryResult => r.name === 'kill-recovery');
  const lines: string[] = [];
  if (intake) {
    lines.push(
      '',
      `Intake under load: \`POST /api/jobs\` of ${intake.items.toLocaleString('en')} items (${intake.bodyMegabytes} MB) with ${intake.backlog.toLocaleString('en')} messages already in the bulk queue, ${intake.postSeconds.length} submissions:`,
      '',
      '| POST answered, each (s) | median (s) | max (s) | first POST → its 10,000 items written (s) |',
      '| --- | ---: | ---: | ---: |',
      `| ${intake.postSeconds.join(', ')} | ${intake.postSecondsMedian} | ${intake.postSecondsMax} | ${intake.recordedSeconds ?? 'not within the timeout'} |`,
    );
  }
  if (kill) {
    lines.push(
      '',
      `Crash recovery: a bulk job of ${kill.items} items; host and Azurite (data on disk) killed with SIGKILL after ${kill.appliedAtKill} writes, restarted ${kill.downSeconds} s later; the sweeper drives again what no message will (\`SWEEP_STALE_AFTER_SECONDS\` ${kill.staleAfterSeconds}):`,
      '',
      '| restart → every item final (s) | job status | items stuck | items lost | driven again by the sweeper | written again |',
      '| ---: | --- | ---: | ---: | ---: | ---: |',
      `| ${kill.restartToFinalSeconds ?? 'not within the timeout'} | ${kill.finalStatus ?? '–'} | ${kill.stuck} | ${kill.lost} | ${kill.redriven} | ${kill.writtenAgain} |`,
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
