import { describe, expect, it } from 'vitest';
import { CATALOG_ENDPOINTS } from '../../../src/catalog/catalog-endpoints.js';
import { throttleFamilyOfPath, THROTTLE_FAMILIES } from '../../../src/catalog/throttle-families.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { describeBudgets } from '../../../src/health/describe-budgets.js';
import { MemoryRateBudget } from '../../../src/memory/memory-rate-budget.js';
import { gcraStatus } from '../../../src/model/gcra-decide.js';
import { familyBudgets } from '../../../src/ports/family-budgets.js';
import { memoryBudgets } from '../../helpers/memory-budgets.js';

const T0 = 1_750_000_000_000;
const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', GRAPH_AUTH: 'static-token', GRAPH_STATIC_TOKEN: 't' };

describe('throttling families', () => {
  it('puts every catalog path in its endpoint\'s family, read from the policy collection it starts with', () => {
    for (const endpoint of CATALOG_ENDPOINTS) {
      const path = endpoint.template.replace(/\{[^}]+\}/g, 'id-1');
      expect(throttleFamilyOfPath(path), endpoint.id).toBe(endpoint.throttleScope);
    }
    expect(throttleFamilyOfPath('/deviceManagement/configurationPolicies')).toBe('deviceConfigV2');
    expect(throttleFamilyOfPath('/deviceManagement/deviceEnrollmentConfigurations/x/assignments')).toBe('deviceEnrollment');
  });

  it('knows no family for a path outside the catalog\'s collections', () => {
    for (const path of ['/users', '/deviceManagement', '/deviceManagement/managedDevices/1', 'deviceManagement/deviceConfigurations']) {
      expect(throttleFamilyOfPath(path), path).toBeUndefined();
    }
  });
});

describe('familyBudgets', () => {
  it('opens one budget per family, so each family keeps its own schedule', async () => {
    const opened: string[] = [];
    const budgets = familyBudgets('family', (key) => (opened.push(key), new MemoryRateBudget({ rate: { count: 1, windowMs: 1000 }, clock: () => T0 })));
    expect(opened).toEqual([...THROTTLE_FAMILIES]);
    expect(budgets.all.map((b) => b.families)).toEqual(THROTTLE_FAMILIES.map((f) => [f]));
    // One write a second each: every family is granted its first slot at once, and a second
    // write of one family is booked a second later.
    for (const family of THROTTLE_FAMILIES) expect(await budgets.of(family).claim('interactive')).toEqual({ kind: 'granted', delayMs: 0 });
    expect(await budgets.of('deviceConfiguration').claim('interactive')).toEqual({ kind: 'granted', delayMs: 1000 });
  });

  it('with the shared scope, opens one budget that every family spends', async () => {
    const opened: string[] = [];
    const budgets = familyBudgets('shared', (key) => (opened.push(key), new MemoryRateBudget({ rate: { count: 1, windowMs: 1000 }, clock: () => T0 })));
    expect(opened).toEqual(['shared']);
    expect(budgets.all).toHaveLength(1);
    expect(budgets.all[0]!.families).toEqual(THROTTLE_FAMILIES);
    expect(await budgets.of('deviceConfigV2').claim('interactive')).toEqual({ kind: 'granted', delayMs: 0 });
    expect(await budgets.of('deviceEnrollment').claim('interactive')).toEqual({ kind: 'granted', delayMs: 1000 });
  });
});

describe('budget status', () => {
  const settings = { intervalMs: 100, horizons: { interactive: 1000, bulk: 500 } };

  it('shows the pause still to run and the return times still ahead in the waiting room', () => {
    expect(gcraStatus({ tat: T0, pausedUntil: T0 + 3000, waitTat: T0 + 5000 }, T0, settings)).toEqual({ pausedForMs: 3000, backlog: 20, backlogMs: 5000 });
    expect(gcraStatus({ tat: T0 + 200, pausedUntil: 0, waitTat: T0 + 1000 }, T0, settings)).toEqual({ pausedForMs: 0, backlog: 10, backlogMs: 1000 });
  });

  it('shows nothing waiting once the return times have passed', () => {
    expect(gcraStatus({ tat: T0 - 500, pausedUntil: T0 - 1000, waitTat: T0 - 100 }, T0, settings)).toEqual({ pausedForMs: 0, backlog: 0, backlogMs: 0 });
  });

  it('reports each family\'s pause and backlog for health', async () => {
    const clock = () => T0;
    const writes = memoryBudgets({ rate: { count: 10, windowMs: 1000 }, headroom: 0, clock });
    const reads = memoryBudgets({ rate: { count: 100, windowMs: 1000 }, headroom: 0, clock });
    await writes.of('deviceConfigV2').reserveReturns(30);
    await writes.of('deviceEnrollment').pause(T0 + 4000);
    const view = await describeBudgets(writes, reads, { write: { count: 10, windowMs: 1000 }, read: { count: 100, windowMs: 1000 } }, clock);
    expect(view.scope).toBe('family');
    expect(view.budgets.map((b) => [b.key, b.writes.backlog, b.writes.pausedUntil])).toEqual([
      ['deviceConfiguration', 0, null],
      ['deviceConfigV2', 30, null],
      ['deviceEnrollment', 0, new Date(T0 + 4000).toISOString()],
    ]);
    expect(view.budgets[1]!.writes).toMatchObject({ rate: '10/1s', backlogSeconds: 3 });
    expect(view.budgets[0]!.reads).toMatchObject({ rate: '100/1s', pausedUntil: null, backlog: 0 });
  });
});

describe('GRAPH_BUDGET_SCOPE', () => {
  it('defaults to a budget per family and accepts shared', () => {
    expect(loadConfig(base).budgetScope).toBe('family');
    expect(loadConfig({ ...base, GRAPH_BUDGET_SCOPE: 'shared' }).budgetScope).toBe('shared');
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => loadConfig({ ...base, GRAPH_BUDGET_SCOPE: 'tenant' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, GRAPH_BUDGET_SCOPE: 'tenant' })).toThrow(/GRAPH_BUDGET_SCOPE must be one of family, shared, got 'tenant'/);
  });
});
