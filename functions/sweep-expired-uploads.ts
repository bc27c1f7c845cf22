import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { sweepExpiredUploads } from '../src/jobs/sweep-expired-uploads.js';
import { contextLogger } from '../src/shared/context-logger.js';

const { config } = getServices();

/** Removes the pages of uploads never submitted in time (`UPLOAD_SWEEP_SCHEDULE`), and counts what it removed. */
async function sweepExpiredUploadsHandler(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await sweepExpiredUploads({ ...getServices(), log: contextLogger(context) });
  context.log(`sweep-expired-uploads: ${JSON.stringify(report)}`);
}

app.timer('sweep-expired-uploads', { schedule: config.uploads.sweepSchedule, handler: sweepExpiredUploadsHandler });
