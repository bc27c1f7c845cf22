import type { ContenderName } from '../bench-settings.js';
import type { ContenderResult } from '../contender-result.js';
import type { ContenderContext } from './contender-context.js';
import { runBaselineA } from './run-baseline-a.js';
import { runBaselineB } from './run-baseline-b.js';
import { runService } from './run-service.js';

/**
 * Runs one contender on a stack of its own. A contender that cannot even start still gets a row,
 * with the reason, so one broken contender never costs the others' results.
 */
export async function runContender(name: ContenderName, context: ContenderContext): Promise<ContenderResult> {
  try {
    switch (name) {
      case 'service-1':
        return await runService(context, name, { instances: 1, interactive: false });
      case 'service-3':
        return await runService(context, name, { instances: 3, interactive: false });
      case 'service-3-interactive':
        return await runService(context, name, { instances: 3, interactive: true });
      case 'baseline-a':
        return await runBaselineA(context);
      case 'baseline-b':
        return await runBaselineB(context);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.say(`failed: ${message}`);
    return unmeasured(name, context, message);
  }
}

function unmeasured(name: ContenderName, context: ContenderContext, error: string): ContenderResult {
  const items = context.bulkTargets.length;
  return {
    name,
    description: 'could not be measured',
    items,
    timedOut: false,
    error,
    idealSeconds: context.settings.idealSeconds,
    actualSeconds: null,
    budgetUsed: null,
    ratio: null,
    writes: { attempts: 0, accepted: 0, throttled: 0, throttledPercent: 0, premature: 0, maxInWindow: 0, windowLimit: context.settings.simWriteLimit.count, duplicateApplies: 0 },
    lostItems: items,
    reported: {},
    billed: { basis: name === 'baseline-a' ? 'wall' : 'invocations', seconds: 0, secondsPerItem: 0, invocations: null, failedInvocations: null },
    interactive: { submitted: 0, applied: 0, p50Seconds: null, p95Seconds: null, maxSeconds: null, observedP50Seconds: null, observedP95Seconds: null },
    perSecond: [],
  };
}
