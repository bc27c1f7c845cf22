import type { ThrottleScope } from '../src/catalog/catalog-endpoints.js';
import type { SecondBucket } from './contender-result.js';

/** The job scenarios, in the order they run after the contenders. */
export const JOB_SCENARIO_NAMES = ['job-300', 'crowded-policies', 'mixed-families', 'mixed-shared'] as const;
export type JobScenarioName = (typeof JOB_SCENARIO_NAMES)[number];

/** One job measured from its `POST /api/jobs`; `null` where a figure could not be had. */
export interface JobScenarioResult {
  readonly name: JobScenarioName;
  readonly description: string;
  readonly items: number;
  /** `GRAPH_BUDGET_SCOPE` the service ran with. */
  readonly budgetScope: 'family' | 'shared';
  readonly timedOut: boolean;
  /** Items ÷ the writes per second Graph allows this job (every family it touches counted). */
  readonly idealSeconds: number;
  /** `POST /api/jobs` sent → its 202 received. */
  readonly postAnsweredSeconds: number | null;
  /** `POST /api/jobs` sent → the simulator receiving the job's first applied write. */
  readonly postToFirstWriteSeconds: number | null;
  /** `POST /api/jobs` sent → the simulator receiving the job's last applied write. */
  readonly postToLastWriteSeconds: number | null;
  readonly firstToLastWriteSeconds: number | null;
  /** `idealSeconds ÷ postToLastWriteSeconds`. */
  readonly ratio: number | null;
  /** Applied writes ÷ `postToLastWriteSeconds`. */
  readonly writesPerSecond: number | null;
  readonly writes: { readonly attempts: number; readonly throttled: number; readonly throttledPercent: number; readonly premature: number };
  /** Most writes the simulator admitted in one window, per throttling family. */
  readonly maxInWindowPerFamily: Readonly<Record<ThrottleScope, number>>;
  readonly windowLimit: number;
  readonly lostItems: number;
  /** Per second since the POST. */
  readonly perSecond: readonly SecondBucket[];
}
