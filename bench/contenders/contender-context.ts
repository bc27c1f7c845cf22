import { formatRate } from '../../src/model/rate.js';
import type { GraphSimulatorOptions } from '../../tools/graph-sim/graph-simulator-options.js';
import type { SimSeed } from '../../tools/graph-sim/sim-seed.js';
import type { BenchSettings } from '../bench-settings.js';
import type { BenchTarget } from '../build-bench-seed.js';
import type { CleanupRegistry } from '../cleanup-registry.js';

/** The app id `startLocalStack` gives the service's token; the baselines use it too, so the stats read alike. */
export const BENCH_APP_ID = 'bulk-assign';

/** What every contender is given. */
export interface ContenderContext {
  readonly settings: BenchSettings;
  readonly seed: SimSeed;
  /** One per bulk item, each a distinct assignment. */
  readonly bulkTargets: readonly BenchTarget[];
  /** One per interactive submission, distinct from the bulk ones. */
  readonly interactiveTargets: readonly BenchTarget[];
  /** Stops of whatever the contender starts go here until they have run. */
  readonly cleanups: CleanupRegistry;
  /** A progress line for the console. */
  readonly say: (line: string) => void;
  /** Every line a host process prints; kept in the contender's log file. */
  readonly hostLog: (line: string) => void;
}

/** Items per page of the simulator's collection reads in the benchmark. */
const BENCH_PAGE_SIZE = 100;

/** The simulator every contender faces: the benchmark's seed, page size and limits. */
export function benchSimulatorOptions(context: ContenderContext): GraphSimulatorOptions {
  return {
    seed: context.seed,
    // The simulator pages every 2 items by default so that tests must follow nextLink. Graph
    // documents no page size for a policy's assignments; at 2, each PATCH of a 50-assignment
    // policy read 25 pages before its write, and the read budget, not the write budget, set the
    // pace. At 100 a policy's assignments come in one page.
    pageSize: BENCH_PAGE_SIZE,
    writeLimit: { perApp: context.settings.simWriteLimit, perTenant: context.settings.simTenantWriteLimit },
  };
}

/**
 * Environment for a local stack of the benchmark: settings that would point it at existing
 * storage or another Graph are dropped, so each contender gets a fresh Azurite and simulator on
 * free loopback ports, and a fresh name prefix for its queues and tables.
 */
export function benchStackEnv(settings: BenchSettings, port: number, namePrefix: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['AzureWebJobsStorage', 'GRAPH_BASE_URL', 'GRAPH_AUTH', 'GRAPH_STATIC_TOKEN', 'LOCAL_STORAGE_DIR']) delete env[name];
  return {
    ...env,
    PORT: String(port),
    GRAPH_SIM_PORT: '0',
    GRAPH_SIM_WRITE_LIMIT: formatRate(settings.simWriteLimit),
    GRAPH_WRITE_BUDGET: formatRate(settings.serviceBudget),
    BULK_ASSIGN_NAME_PREFIX: namePrefix,
  };
}

/** Queue and table names must be lower-case letters and digits; a time-based suffix keeps runs apart. */
export function freshNamePrefix(tag: string): string {
  return `bench${tag}${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 30);
}
