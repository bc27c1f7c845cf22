import type { ValidatedItem } from '../catalog/validated-item.js';
import { findAssignAction } from '../catalog/policy-paths.js';
import { planAssignmentSet, type SetChange } from '../model/plan-assignment-set.js';
import type { GraphReader } from '../ports/graph-reader.js';
import type { ItemPlan } from './plan-items.js';

/**
 * What assignment-set items would do, with the rule the worker applies: each policy's set is read
 * once (in beta, which carries every property), and the items of one policy are planned
 * together in index order. Throws `GraphReadError` when Graph cannot be read.
 */
export async function planSetItems(reader: GraphReader, items: readonly ValidatedItem[]): Promise<ItemPlan[]> {
  const byPolicy = new Map<string, ValidatedItem[]>();
  for (const item of items) byPolicy.set(item.path.toLowerCase(), [...(byPolicy.get(item.path.toLowerCase()) ?? []), item]);
  const plans: ItemPlan[] = [];
  for (const group of byPolicy.values()) {
    const first = group[0] as ValidatedItem;
    const action = findAssignAction(first.endpointId);
    const version = action?.versions.beta ? 'beta' : first.apiVersion;
    const listed = await reader.list(version, `${first.path}/assignments`);
    const common = (item: ValidatedItem) => ({ index: item.index, ref: item.ref ?? null, apiVersion: item.apiVersion, path: item.path });
    if (!listed.ok) {
      const error = { status: listed.status, code: listed.errorCode ?? null, message: listed.errorMessage ?? null };
      for (const item of group) plans.push({ ...common(item), action: 'unavailable', changed: [], before: null, after: null, error });
      continue;
    }
    const plan = planAssignmentSet(listed.value, group.map(changeOf));
    for (const item of group) {
      const outcome = plan.outcomes.find((o) => o.index === item.index);
      if (outcome?.result === 'conflict') {
        const error = { status: 400, code: 'AssignmentConflict', message: 'the policy already assigns the same group, collection or object with another target type' };
        plans.push({ ...common(item), action: 'unavailable', changed: [], before: outcome.before, after: null, error });
        continue;
      }
      if (outcome?.result !== 'changed' && outcome?.result !== 'noop') continue;
      const changed = outcome.result === 'noop' ? [] : changedProperties(outcome.before, outcome.after);
      plans.push({ ...common(item), action: outcome.result === 'noop' ? 'noop' : 'change', changed, before: outcome.before, after: outcome.after, error: null });
    }
  }
  return plans;
}

function changeOf(item: ValidatedItem): SetChange {
  const target = item.body.target as Record<string, unknown>;
  const intent = typeof item.body.intent === 'string' ? { intent: item.body.intent } : {};
  return item.action === 'remove' ? { kind: 'remove', index: item.index, target } : { kind: 'add', index: item.index, target, ...intent };
}

/** The properties a change sets or clears: all of the assignment's when it appears or goes. */
function changedProperties(before: Readonly<Record<string, unknown>> | null, after: Readonly<Record<string, unknown>> | null): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  names.delete('id');
  return [...names].filter((name) => JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]));
}
