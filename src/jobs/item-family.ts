import { findEndpoint, type ThrottleScope } from '../catalog/catalog-endpoints.js';
import { budgetKeyOf, throttleFamilyOfPath, type BudgetKey } from '../catalog/throttle-families.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { RateBudget } from '../ports/rate-budget.js';
import type { Item } from '../model/job-model.js';

/** The throttling family an item's write counts against: that of its path's policy collection. */
export function itemFamily(item: Pick<Item, 'path' | 'endpointId'>): ThrottleScope {
  const family = throttleFamilyOfPath(item.path) ?? findEndpoint(item.endpointId)?.throttleScope;
  if (!family) throw new RangeError(`Item path ${item.path} belongs to no throttling family of the catalog`);
  return family;
}

/** Items grouped by the budget they spend, in the order the budgets are listed. */
export function groupByBudget<T extends Pick<Item, 'path' | 'endpointId'>>(
  budgets: FamilyBudgets,
  items: readonly T[],
): Array<{ key: BudgetKey; budget: RateBudget; items: T[] }> {
  const groups = new Map(budgets.all.map((b) => [b.key, { key: b.key, budget: b.budget, items: [] as T[] }]));
  for (const item of items) groups.get(budgetKeyOf(budgets.scope, itemFamily(item)))!.items.push(item);
  return [...groups.values()].filter((g) => g.items.length > 0);
}
