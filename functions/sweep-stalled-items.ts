import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { sweepStalledItems } from '../src/jobs/sweep-stalled-items.js';
import { contextLogger } from '../src/shared/context-logger.js';

const { config } = getServices();

/** Drives again the items no queue message will ever reach, and resumes stalled intakes (`SWEEP_SCHEDULE`). */
async function sweepStalledItemsHandler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = getServices();
  const report = await sweepStalledItems({
    ...services,
    log: contextLogger(context),
    settings: { staleAfterMs: services.config.sweep.staleAfterMs, maxAttempts: services.config.worker.maxAttempts },
  });
  context.log(`sweep-stalled-items: ${JSON.stringify(report)}`);
}

app.timer('sweep-stalled-items', { schedule: config.sweep.schedule, handler: sweepStalledItemsHandler });
