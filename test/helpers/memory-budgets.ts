import type { BudgetScope } from '../../src/catalog/throttle-families.js';
import { MemoryRateBudget } from '../../src/memory/memory-rate-budget.js';
import type { RateBudgetOptions } from '../../src/model/rate-budget-options.js';
import { familyBudgets, type FamilyBudgets } from '../../src/ports/family-budgets.js';

/** In-memory budgets with the same options, one per throttling family (or one shared). */
export function memoryBudgets(options: RateBudgetOptions, scope: BudgetScope = 'family'): FamilyBudgets {
  return familyBudgets(scope, () => new MemoryRateBudget(options));
}
