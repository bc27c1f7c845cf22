import { app, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { continueIntake } from '../src/jobs/continue-intake.js';
import { parseIntakeMessage } from '../src/ports/intake-queue.js';

const { config } = getServices();

/** Carries a large job's intake one step on: writes a page of its items and queues a page of messages. */
async function continueIntakeHandler(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseIntakeMessage(message);
  if (!parsed.ok) {
    // Retrying cannot make it readable; a stalled intake is picked up by the sweeper.
    context.error(`continue-intake: dropped an unreadable message (${parsed.reason})`);
    return;
  }
  const step = await continueIntake(getServices(), parsed.message);
  const progress = 'job' in step && step.job.intake ? ` (${step.job.intake.recorded} recorded, ${step.job.intake.enqueued} passed on of ${step.job.counts.total})` : '';
  context.log(`continue-intake ${parsed.message.jobId}: ${step.kind}${progress}`);
}

app.storageQueue('continue-intake', {
  queueName: config.names.intakeQueue,
  connection: 'AzureWebJobsStorage',
  handler: continueIntakeHandler,
});
