import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { formatRate, parseRate, type Rate } from '../src/model/rate.js';
import { JOB_SCENARIO_NAMES, type JobScenarioName } from './job-scenario-result.js';
import { RESILIENCE_RUN_NAMES, type ResilienceRunName } from './resilience-result.js';

/**
 * The contenders, in the order they run: the service's bulk job alone with one and with three
 * instances (what the budget gives bulk work), the same with interactive changes going in
 * meanwhile (what a person waits), and the two baselines, which face the interactive changes too.
 */
export const CONTENDER_NAMES = ['service-1', 'service-3', 'service-3-interactive', 'baseline-a', 'baseline-b'] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number];
/** What `--only` may name: contenders of the bulk comparison, the job scenarios, then intake under load and crash recovery. */
export type RunName = ContenderName | JobScenarioName | ResilienceRunName;
const RUN_NAMES: readonly RunName[] = [...CONTENDER_NAMES, ...JOB_SCENARIO_NAMES, ...RESILIENCE_RUN_NAMES];

export interface BenchSettings {
  /**
   * Bulk items each contender applies (`--items`).
   * @default 2000
   */
  readonly items: number;
  /**
   * Contenders to run (`--only name,name`), in the fixed order of {@link CONTENDER_NAMES}.
   * @default all five
   */
  readonly only: readonly ContenderName[];
  /**
   * Job scenarios to run after the contenders (`--only` names them too): a job of
   * `jobItems` measured from its POST, the same crowded onto a few policies, and a job over the
   * three throttling families with a budget per family and with one shared budget.
   * @default all four
   */
  readonly scenarios: readonly JobScenarioName[];
  /**
   * Runs after the job scenarios (`--only` names them too): `intake-10k`, a 10,000-item POST
   * with 20,000 messages already queued; `kill-recovery`, a `--job-items` job whose host and
   * Azurite (data on disk) are killed mid-way and restarted.
   * @default both
   */
  readonly resilience: readonly ResilienceRunName[];
  /**
   * Items of each job scenario (`--job-items`); the mixed jobs split them evenly over the three families.
   * @default 300
   */
  readonly jobItems: number;
  /**
   * Writes one app may make at the simulator (`GRAPH_SIM_WRITE_LIMIT`). Scaled up from Intune's
   * 100/20s so a run takes minutes, not half an hour; every contender faces the same limit.
   * @default 200/20s
   */
  readonly simWriteLimit: Rate;
  /**
   * Writes all apps together may make at the simulator (`GRAPH_SIM_TENANT_WRITE_LIMIT`). Every
   * contender is one app, so this only matters when set below the per-app limit.
   * @default 400/20s
   */
  readonly simTenantWriteLimit: Rate;
  /**
   * `GRAPH_WRITE_BUDGET` handed to the service; the baselines have no budget of their own.
   * @default 200/20s
   */
  readonly serviceBudget: Rate;
  /**
   * Milliseconds between two 1-item interactive submissions while the bulk work drains, for the
   * contenders that face them (`--interactive-every-seconds`; 0: none).
   * @default 3000
   */
  readonly interactiveEveryMs: number;
  /**
   * Graph calls in flight for baseline-a, and per host process for baseline-b.
   * @default 16
   */
  readonly baselineConcurrency: number;
  /**
   * How long one contender may run, from submitting its bulk work (`--timeout-seconds`).
   * @default 3 × the ideal time + 60 s
   */
  readonly timeoutMs: number;
  /** Writes per second Graph (the simulator) allows this app: the lower of the two limits. */
  readonly ratePerSecond: number;
  /** `items ÷ ratePerSecond`, in seconds: the time a contender that used the whole budget would need. */
  readonly idealSeconds: number;
}

const USAGE = `usage: npm run bench -- [--items N] [--job-items N] [--only ${RUN_NAMES.join(',')}] [--timeout-seconds S] [--interactive-every-seconds S]`;

/** Reads the command line and environment once; throws with a message naming the bad value. */
export function parseBenchSettings(argv: readonly string[], env: NodeJS.ProcessEnv): BenchSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      items: { type: 'string' },
      'job-items': { type: 'string' },
      only: { type: 'string' },
      'timeout-seconds': { type: 'string' },
      'interactive-every-seconds': { type: 'string' },
    },
    strict: true,
  });
  const items = wholeNumber('--items', values.items, 2000, 1, 10_000);
  const jobItems = wholeNumber('--job-items', values['job-items'], 300, 3, 3000);
  const asked = values.only === undefined ? [...RUN_NAMES] : runNames(values.only);
  const only = CONTENDER_NAMES.filter((name) => asked.includes(name));
  const scenarios = JOB_SCENARIO_NAMES.filter((name) => asked.includes(name));
  const resilience = RESILIENCE_RUN_NAMES.filter((name) => asked.includes(name));
  const simWriteLimit = rate('GRAPH_SIM_WRITE_LIMIT', env.GRAPH_SIM_WRITE_LIMIT, '200/20s');
  const simTenantWriteLimit = rate('GRAPH_SIM_TENANT_WRITE_LIMIT', env.GRAPH_SIM_TENANT_WRITE_LIMIT, '400/20s');
  const serviceBudget = rate('GRAPH_WRITE_BUDGET', env.GRAPH_WRITE_BUDGET, '200/20s');
  const ratePerSecond = Math.min(perSecond(simWriteLimit), perSecond(simTenantWriteLimit));
  const idealSeconds = items / ratePerSecond;
  const defaultTimeoutSeconds = Math.ceil(3 * idealSeconds + 60);
  const timeoutSeconds = wholeNumber('--timeout-seconds', values['timeout-seconds'], defaultTimeoutSeconds, 10, 24 * 3600);
  return Object.freeze({
    items,
    only: Object.freeze(only),
    scenarios: Object.freeze(scenarios),
    resilience: Object.freeze(resilience),
    jobItems,
    simWriteLimit,
    simTenantWriteLimit,
    serviceBudget,
    interactiveEveryMs: wholeNumber('--interactive-every-seconds', values['interactive-every-seconds'], 3, 0, 600) * 1000,
    baselineConcurrency: 16,
    timeoutMs: timeoutSeconds * 1000,
    ratePerSecond,
    idealSeconds,
  });
}

/** The settings as they go into results.json: rates in their configured form. */
export function describeSettings(settings: BenchSettings) {
  return {
    items: settings.items,
    contenders: settings.only,
    scenarios: settings.scenarios,
    resilience: settings.resilience,
    jobItems: settings.jobItems,
    simWriteLimit: formatRate(settings.simWriteLimit),
    simTenantWriteLimit: formatRate(settings.simTenantWriteLimit),
    serviceBudget: formatRate(settings.serviceBudget),
    ratePerSecond: settings.ratePerSecond,
    idealSeconds: settings.idealSeconds,
    interactiveEverySeconds: settings.interactiveEveryMs / 1000,
    baselineConcurrency: settings.baselineConcurrency,
    timeoutSeconds: settings.timeoutMs / 1000,
    cores: availableParallelism(),
  };
}

function perSecond(rate: Rate): number {
  return rate.count / (rate.windowMs / 1000);
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'\n${USAGE}`);
  }
  return value;
}

function rate(name: string, raw: string | undefined, fallback: string): Rate {
  const text = raw === undefined || raw.trim() === '' ? fallback : raw;
  const parsed = parseRate(text);
  if (!parsed) throw new RangeError(`${name} must look like '200/20s', got '${text}'`);
  return parsed;
}

function runNames(raw: string): RunName[] {
  const asked = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = asked.filter((name) => !(RUN_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || asked.length === 0) {
    throw new RangeError(`--only takes names from ${RUN_NAMES.join(', ')}, got '${raw}'\n${USAGE}`);
  }
  return RUN_NAMES.filter((name) => asked.includes(name));
}
