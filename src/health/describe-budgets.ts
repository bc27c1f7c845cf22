import type { ThrottleScope } from '../catalog/catalog-endpoints.js';
import type { BudgetKey, BudgetScope } from '../catalog/throttle-families.js';
import { formatRate, type Rate } from '../model/rate.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { RateBudget } from '../ports/rate-budget.js';

/** One budget as `GET /api/health` shows it. */
export interface BudgetView {
  /** Requests allowed per window, e.g. `100/20s`. */
  readonly rate: string;
  /** When the pause Graph asked for (Retry-After) ends; null when not paused. */
  readonly pausedUntil: string | null;
  /** Bulk messages given return times in this budget's waiting room that are still ahead. */
  readonly backlog: number;
  /** Seconds until the last of those return times: how long the backlog takes to drain. */
  readonly backlogSeconds: number;
  /** Set instead of the figures when the budget could not be read. */
  readonly error?: string;
}

export interface BudgetsView {
  /** `family` (one budget per throttling family) or `shared` (`GRAPH_BUDGET_SCOPE`). */
  readonly scope: BudgetScope;
  readonly budgets: ReadonlyArray<{ readonly key: BudgetKey; readonly families: readonly ThrottleScope[]; readonly writes: BudgetView; readonly reads: BudgetView }>;
}

/** Each budget's pause and waiting room, read from the state every instance shares. */
export async function describeBudgets(
  writes: FamilyBudgets,
  reads: FamilyBudgets,
  rates: { readonly write: Rate; readonly read: Rate },
  now: () => number,
): Promise<BudgetsView> {
  const readsByKey = new Map(reads.all.map((b) => [b.key, b.budget]));
  const budgets = await Promise.all(
    writes.all.map(async ({ key, families, budget }) => {
      const read = readsByKey.get(key);
      const [w, r] = await Promise.all([view(budget, rates.write, now), read ? view(read, rates.read, now) : undefined]);
      return { key, families, writes: w, reads: r ?? { ...EMPTY, rate: formatRate(rates.read), error: 'no read budget' } };
    }),
  );
  return { scope: writes.scope, budgets };
}

const EMPTY = { pausedUntil: null, backlog: 0, backlogSeconds: 0 } as const;

/** Health answers even when storage does not: a budget read that hangs is reported, not waited for. */
const TIMEOUT_MS = 5000;

async function view(budget: RateBudget, rate: Rate, now: () => number): Promise<BudgetView> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const status = await Promise.race([
      budget.status(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return {
      rate: formatRate(rate),
      pausedUntil: status.pausedForMs > 0 ? new Date(now() + status.pausedForMs).toISOString() : null,
      backlog: status.backlog,
      backlogSeconds: Math.ceil(status.backlogMs / 100) / 10,
    };
  } catch (error) {
    // Storage errors can quote the request URL; the first line names no key.
    return { ...EMPTY, rate: formatRate(rate), error: String((error as Error).message ?? error).split('\n')[0]!.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
