import { continueIntake, type IntakeStep } from '../../src/jobs/continue-intake.js';
import { MemoryIntakeStaging } from '../../src/memory/memory-intake-staging.js';
import { MemoryAuditLog } from '../../src/memory/memory-audit-log.js';
import { MemoryJobStore } from '../../src/memory/memory-job-store.js';
import { memoryBudgets } from './memory-budgets.js';
import { manualClock, RecordingIntakeQueue, RecordingQueue } from './fakes.js';
import { FakeGraphReader } from '../unit/inventory/fake-graph-reader.js';

/** Everything submitJob and the intake steps need, in memory, with a clock that moves when told (10 writes a second). */
export function intakeDeps() {
  const clock = manualClock();
  return {
    store: new MemoryJobStore(clock),
    queue: new RecordingQueue(),
    clock,
    budgets: memoryBudgets({ rate: { count: 10, windowMs: 1000 }, headroom: 0, clock: () => clock().getTime() }),
    reader: new FakeGraphReader(),
    staging: new MemoryIntakeStaging(),
    intakeQueue: new RecordingIntakeQueue(),
    audit: new MemoryAuditLog(),
    limits: { maxItems: 10_000, interactiveMaxItems: 20, planMaxItems: 1000 },
  };
}

/**
 * Delivers queued intake steps one after another, as the intake queue's function would, moving
 * the clock on to each step's delay. Returns what each step did.
 */
export async function drainIntake(deps: ReturnType<typeof intakeDeps>, maxSteps = 1000): Promise<IntakeStep['kind'][]> {
  const kinds: IntakeStep['kind'][] = [];
  for (let n = 0; n < maxSteps; n++) {
    const next = deps.intakeQueue.sent.shift();
    if (!next) return kinds;
    if (next.delayMs > 0) deps.clock.advance(next.delayMs);
    kinds.push((await continueIntake(deps, next.message)).kind);
  }
  throw new Error(`intake still going after ${maxSteps} steps`);
}
