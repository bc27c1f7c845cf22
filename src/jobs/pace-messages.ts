import type { Item, Lane } from '../model/job-model.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { WorkMessage } from '../ports/work-message.js';
import { groupByBudget } from './item-family.js';
import { unitMessage } from './item-work-message.js';

/** Turns booked in one budget's waiting room: how many, and when the last one ends (ms). */
export interface BookedTurns {
  readonly endMs: number;
  readonly count: number;
}

/**
 * The first messages of `units` (see `workUnits`: a PATCH item, or a policy's items written with
 * one `/assign`), one each, under each unit's shared token. Bulk ones are given their turns now,
 * one budget interval apart, and become visible just before them: workers then meet a large job
 * at the pace Graph allows, each message about once, rather than all of it at once. Each
 * throttling family's units take turns in that family's waiting room, so a family with a long
 * backlog does not hold back the others. Interactive messages go at once.
 */
export async function paceUnits(
  budgets: FamilyBudgets,
  lane: Lane,
  units: ReadonlyArray<readonly Item[]>,
): Promise<{ messages: WorkMessage[]; turns?: Record<string, BookedTurns> }> {
  const tagged = units.map((unit) => ({ path: (unit[0] as Item).path, endpointId: (unit[0] as Item).endpointId, unit }));
  const messageOf = (unit: readonly Item[]) => unitMessage(unit, 1, (unit[0] as Item).token);
  if (lane === 'interactive' || tagged.length === 0) return { messages: tagged.map((u) => messageOf(u.unit)) };
  const groups = groupByBudget(budgets, tagged);
  const reserved = await Promise.all(groups.map((g) => g.budget.reserveReturns(g.items.length)));
  const messages: WorkMessage[] = [];
  const turns: Record<string, BookedTurns> = {};
  groups.forEach((group, g) => {
    const { startMs, intervalMs } = reserved[g]!;
    group.items.forEach((u, n) => messages.push({ ...messageOf(u.unit), notBefore: Math.round(startMs + n * intervalMs) }));
    turns[group.key] = { endMs: startMs + group.items.length * intervalMs, count: group.items.length };
  });
  // Earliest turns first, whatever their family: they are due first.
  messages.sort((a, b) => (a.notBefore ?? 0) - (b.notBefore ?? 0));
  return { messages, turns };
}
