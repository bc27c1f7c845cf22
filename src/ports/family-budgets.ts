import type { ThrottleScope } from '../catalog/catalog-endpoints.js';
import { budgetKeyOf, THROTTLE_FAMILIES, type BudgetKey, type BudgetScope } from '../catalog/throttle-families.js';
import type { RateBudget } from './rate-budget.js';

/** One budget and the throttling families that spend it. */
export interface FamilyBudget {
  readonly key: BudgetKey;
  readonly families: readonly ThrottleScope[];
  readonly budget: RateBudget;
}

/**
 * The budgets of one kind of request (writes, or reads): one per Intune throttling family, or one
 * for all of them (`GRAPH_BUDGET_SCOPE=shared`). Every instance opens the same ones, so each
 * family's schedule, pause and waiting room is shared by every instance, and a 429 in one family
 * pauses that family only.
 */
export interface FamilyBudgets {
  readonly scope: BudgetScope;
  /** The budget requests of `family` spend. */
  of(family: ThrottleScope): RateBudget;
  /** Each distinct budget once, in family order: three, or one when shared. */
  readonly all: readonly FamilyBudget[];
}

/** Opens the budgets of `scope`; `open` is called once per budget, with its key. */
export function familyBudgets(scope: BudgetScope, open: (key: BudgetKey) => RateBudget): FamilyBudgets {
  const keys = [...new Set(THROTTLE_FAMILIES.map((family) => budgetKeyOf(scope, family)))];
  const all = keys.map((key) =>
    Object.freeze({ key, families: Object.freeze(THROTTLE_FAMILIES.filter((f) => budgetKeyOf(scope, f) === key)), budget: open(key) }),
  );
  const byKey = new Map(all.map((b) => [b.key, b.budget]));
  return Object.freeze({
    scope,
    all: Object.freeze(all),
    of(family: ThrottleScope): RateBudget {
      const budget = byKey.get(budgetKeyOf(scope, family));
      if (!budget) throw new RangeError(`No budget for the throttling family ${JSON.stringify(family)}`);
      return budget;
    },
  });
}
