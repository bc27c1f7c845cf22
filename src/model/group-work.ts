/** An item as far as grouping it into queue messages goes. */
export interface GroupableItem {
  readonly index: number;
  /**
   * The policy lease key of an item applied through the policy's `/assign`; undefined for an item
   * applied by its own PATCH, which travels alone.
   */
  readonly setKey: string | undefined;
}

/**
 * The most items one `/assign` write carries. Each has its indexes in one queue message (64 KiB)
 * and its outcome in the same storage round; a policy with more changes in one job takes
 * several writes, one after the other under the policy's lease.
 */
export const MAX_ITEMS_PER_SET_WRITE = 200;

/**
 * Splits a job's items into units of work, one queue message each: the items of one policy
 * that go through `/assign` share one unit (so twelve adds on one policy cost one write), in
 * index order, up to `maxPerUnit` each; every other item is a unit of its own. Units are listed
 * by their first index, which is the unit's lead: the message is addressed by it.
 */
export function groupWork(items: readonly GroupableItem[], maxPerUnit = MAX_ITEMS_PER_SET_WRITE): number[][] {
  if (!Number.isSafeInteger(maxPerUnit) || maxPerUnit < 1) throw new RangeError(`maxPerUnit must be a whole number of at least 1, got ${String(maxPerUnit)}`);
  const units: number[][] = [];
  const open = new Map<string, number[]>();
  for (const item of [...items].sort((a, b) => a.index - b.index)) {
    if (item.setKey === undefined) {
      units.push([item.index]);
      continue;
    }
    let unit = open.get(item.setKey);
    if (!unit || unit.length >= maxPerUnit) {
      unit = [];
      open.set(item.setKey, unit);
      units.push(unit);
    }
    unit.push(item.index);
  }
  return units;
}
