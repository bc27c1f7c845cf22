import type { GraphSimulator } from '../tools/graph-sim/create-graph-simulator.js';
import type { BenchSettings, ContenderName } from './bench-settings.js';
import type { BenchTarget } from './build-bench-seed.js';
import type { ContenderResult } from './contender-result.js';
import type { ProbeSample } from './interactive-probe.js';
import { percentile } from './percentile.js';
import { perSecond } from './per-second.js';
import { assignmentIdOf } from './write-watcher.js';

/** What a contender hands over once its run is over, for the figures every contender shares. */
export interface ContenderRun {
  readonly name: ContenderName;
  readonly description: string;
  readonly settings: BenchSettings;
  /** The simulator this contender wrote to; read before it is closed. */
  readonly sim: GraphSimulator;
  /** App id of the contender's token at the simulator. */
  readonly appId: string;
  /** When the bulk work was submitted (epoch ms): second 0 of the chart. */
  readonly startedAt: number;
  readonly bulkTargets: readonly BenchTarget[];
  /** When the last bulk item finished, applied or given up; undefined when it never did. */
  readonly bulkEndAt: number | undefined;
  readonly timedOut: boolean;
  readonly error?: string;
  readonly probe: readonly ProbeSample[];
  /** Whether `observedAt` of the probe samples means something beyond the simulator's log. */
  readonly probeObserves: boolean;
  readonly billed: { readonly basis: 'invocations' | 'wall'; readonly seconds: number; readonly invocations?: number; readonly failedInvocations?: number };
  readonly reported: Readonly<Record<string, number>>;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const seconds = (ms: number | undefined) => (ms === undefined ? null : round(ms / 1000));

/** Turns the simulator's log, stats and state plus the contender's own observations into its result. */
export function summarizeContender(run: ContenderRun): ContenderResult {
  const log = run.sim.writes();
  const stats = run.sim.stats();
  const { settings } = run;

  // The log is in arrival order.
  const firstWriteAt = log[0]?.at;
  const actualMs = run.bulkEndAt !== undefined && firstWriteAt !== undefined ? Math.max(1, run.bulkEndAt - firstWriteAt) : undefined;

  const bulkIds = new Set(run.bulkTargets.map((t) => t.assignmentId));
  const appliedBulk = log.filter((e) => e.applied && bulkIds.has(assignmentIdOf(e.path)));
  const distinctApplied = new Set(appliedBulk.map((e) => assignmentIdOf(e.path))).size;

  // The simulator's state is the last word on whether an item ended applied: a write that was
  // applied and then overwritten, or reported done but never sent, shows here.
  const lostItems = run.bulkTargets.filter((t) => {
    const stored = run.sim.getAssignment(t.path);
    return stored?.target['groupId'] !== t.groupId;
  }).length;

  const appliedAt = new Map<string, number>();
  for (const e of log) {
    const id = assignmentIdOf(e.path);
    if (e.applied && !appliedAt.has(id)) appliedAt.set(id, e.at);
  }
  const latencies: number[] = [];
  const observed: number[] = [];
  for (const sample of run.probe) {
    const at = appliedAt.get(sample.assignmentId);
    if (at !== undefined) latencies.push(at - sample.sentAt);
    if (run.probeObserves && sample.observedAt !== undefined) observed.push(sample.observedAt - sample.sentAt);
  }

  const interactiveCount = run.probe.length;
  const throttled = log.filter((e) => e.status === 429).length;
  return {
    name: run.name,
    description: run.description,
    items: run.bulkTargets.length,
    timedOut: run.timedOut,
    error: run.error ?? null,
    idealSeconds: settings.idealSeconds,
    actualSeconds: seconds(actualMs),
    ratio: actualMs === undefined ? null : round(settings.idealSeconds / (actualMs / 1000)),
    budgetUsed:
      actualMs === undefined ? null : round(stats.writes.accepted / ((run.bulkTargets.length / settings.idealSeconds) * (actualMs / 1000))),
    writes: {
      attempts: log.length,
      accepted: stats.writes.accepted,
      throttled,
      throttledPercent: log.length === 0 ? 0 : round((throttled / log.length) * 100, 1),
      premature: stats.writes.premature,
      maxInWindow: stats.maxWritesInWindow.perApp[run.appId] ?? 0,
      windowLimit: stats.limits.writeLimit.perApp.count,
      duplicateApplies: appliedBulk.length - distinctApplied,
    },
    lostItems,
    reported: run.reported,
    billed: {
      basis: run.billed.basis,
      seconds: round(run.billed.seconds),
      secondsPerItem: round(run.billed.seconds / (run.bulkTargets.length + interactiveCount), 4),
      invocations: run.billed.invocations ?? null,
      failedInvocations: run.billed.failedInvocations ?? null,
    },
    interactive: {
      submitted: interactiveCount,
      applied: latencies.length,
      p50Seconds: seconds(percentile(latencies, 50)),
      p95Seconds: seconds(percentile(latencies, 95)),
      maxSeconds: seconds(percentile(latencies, 100)),
      observedP50Seconds: seconds(percentile(observed, 50)),
      observedP95Seconds: seconds(percentile(observed, 95)),
    },
    perSecond: perSecond(log, run.startedAt),
  };
}
