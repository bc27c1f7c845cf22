import type { AppConfig } from '../config/app-config.js';
import { formatRate } from '../model/rate.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { JobStore } from '../ports/job-store.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import { describeBudgets, type BudgetsView } from './describe-budgets.js';

export interface HealthReport {
  readonly status: 'healthy' | 'unhealthy';
  readonly checks: Record<string, { ok: boolean; detail?: string }>;
  /** Settings in force, with no secret among them. */
  readonly configuration: Record<string, string>;
  /** Each Graph budget (per throttling family, or one shared): its rate, pause and backlog. */
  readonly budgets: BudgetsView;
}

const TIMEOUT_MS = 5000;

/** Liveness of storage (tables and queues) and a summary of the configuration. */
export async function checkHealth(deps: {
  store: JobStore;
  queue: WorkQueue;
  config: AppConfig;
  eventRules: readonly { name: string }[];
  budgets: FamilyBudgets;
  readBudgets: FamilyBudgets;
}): Promise<HealthReport> {
  const { config } = deps;
  const [tables, queues, budgets] = await Promise.all([
    probe(() => deps.store.ping()),
    probe(() => deps.queue.ping()),
    describeBudgets(deps.budgets, deps.readBudgets, { write: config.writeBudget, read: config.readBudget }, Date.now),
  ]);
  return {
    status: tables.ok && queues.ok ? 'healthy' : 'unhealthy',
    // Settings are not probed here: invalid ones stop the app at start-up (ConfigError), so a
    // running app has valid ones; they are listed below for the operator to read.
    checks: { tables, queues },
    configuration: {
      graphBaseUrl: config.graph.baseUrl,
      graphAuth: config.graph.auth.mode,
      // Whether callers are asked who they are (AUTH_MODE): the first thing to check on an open deployment.
      authMode: config.auth.mode,
      graphWriteBudget: formatRate(config.writeBudget),
      graphBudgetScope: config.budgetScope,
      interactiveQueue: config.names.interactiveQueue,
      bulkQueue: config.names.bulkQueue,
      jobsTable: config.names.jobsTable,
      graphReadBudget: formatRate(config.readBudget),
      reconcileSchedule: config.reconcile.schedule,
      desiredStateContainer: config.reconcile.desiredStateContainer,
      // Names only: the rules are the operator's, but their file path could say more than needed.
      eventRules: deps.eventRules.map((r) => r.name).join(', ') || 'none',
    },
    budgets,
  };
}

async function probe(check: () => Promise<void>): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    // Storage errors can quote the request URL; keep only the message's first line, which names no key.
    return { ok: false, detail: String((error as Error).message ?? error).split('\n')[0]?.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
