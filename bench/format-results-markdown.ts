import type { describeSettings } from './bench-settings.js';
import type { ContenderResult } from './contender-result.js';
import { formatResultsTable } from './format-results-table.js';
import { familySpeedup, formatScenarioTable } from './format-scenario-table.js';
import type { JobScenarioResult } from './job-scenario-result.js';

/** results.md: the table with the settings it was measured under and what each column means. */
export function formatResultsMarkdown(
  results: readonly ContenderResult[],
  scenarios: readonly JobScenarioResult[],
  settings: ReturnType<typeof describeSettings>,
  finishedAt: Date,
): string {
  const speedup = familySpeedup(scenarios);
  const jobs =
    scenarios.length === 0
      ? []
      : [
          '',
          `Jobs measured from their POST, each on a fresh stack of one instance, the simulator metering the three Intune throttling families apart (${settings.simWriteLimit} per app and family):`,
          '',
          formatScenarioTable(scenarios),
          '',
          ...scenarios.map((r) => `- **${r.name}**: ${r.description}.`),
          ...(speedup === null ? [] : [`- **mixed-families ÷ mixed-shared**: ${speedup} × the writes per second of one shared budget.`]),
          '- **ratio** here: ideal time (items ÷ the writes per second Graph allows the job: one family\'s limit, or three for the mixed jobs) ÷ POST → last write. **writes/s**: applied writes ÷ POST → last write.',
        ];
  return `${[
    `Measured ${finishedAt.toISOString().slice(0, 10)} against the local Graph simulator: ${settings.items} bulk items per contender; ` +
      `Graph write limit ${settings.simWriteLimit} per app (${settings.ratePerSecond} writes/s) and ${settings.simTenantWriteLimit} per tenant; ` +
      `service GRAPH_WRITE_BUDGET ${settings.serviceBudget}; ` +
      (settings.interactiveEverySeconds > 0
        ? `one 1-item interactive change every ${settings.interactiveEverySeconds} s while the bulk work drains, for service-3-interactive and the baselines (service-1 and service-3 run the bulk job alone).`
        : 'no interactive changes.'),
    '',
    formatResultsTable(results),
    '',
    ...results.map((r) => `- **${r.name}**: ${r.description}.`),
    '',
    '- **budget used**: writes the simulator accepted, bulk and interactive, ÷ writes the budget allowed over the same time. Interactive changes spend the same budget, which the bulk-only ratio does not count.\n' +
    '- **ratio**: ideal time (bulk items ÷ writes/s allowed) ÷ actual time (first write the simulator received → last bulk item finished, applied or given up). ' +
      'Interactive writes share the budget, and a sliding window lets a client spend one window\'s worth at once, so 1.0 is not a hard ceiling.',
    '- **429s**: responses 429 and their share of all write attempts. **premature**: writes sent before a Retry-After this app had been given had passed.',
    '- **lost**: bulk items whose assignment does not hold the new value at the end (simulator state).',
    '- **billed s/item**: sum of worker invocation durations from the host log ÷ items (bulk + interactive); for baseline-a the script\'s wall time ÷ items.',
    '- **interactive**: submission → the simulator receiving the applied PATCH of a 1-item change, submitted every few seconds while the bulk work drains. ' +
      'For the service the submission is `POST /api/jobs` with no priority (interactive lane), and "seen" is when a `GET /api/jobs/{id}` every 100 ms first showed the job finished; ' +
      'baseline-a puts it in the same p-limit as the bulk items; baseline-b in the same queue. "never": not applied before the run ended.',
    '- **max in window**: most writes the simulator admitted for this app in any one window, against its limit.',
    ...jobs,
  ].join('\n')}\n`;
}
