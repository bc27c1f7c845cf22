import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { ownPolicyOf } from '../catalog/policy-paths.js';
import type { WorkMessage } from '../ports/work-message.js';
import { groupWork } from '../model/group-work.js';
import type { Item } from '../model/job-model.js';
import { policyLeaseKey } from '../model/policy-lease.js';

/**
 * The message that carries one item to the worker: its PATCH, or, for an item written through
 * its policy's `/assign`, a set message of that item alone.
 */
export function workMessage(item: Item, attempt: number, token = item.token): WorkMessage {
  if (item.via === 'assign') return { v: 1, kind: 'set', jobId: item.jobId, index: item.index, indexes: [item.index], token, attempt };
  return {
    v: 1,
    jobId: item.jobId,
    index: item.index,
    token,
    attempt,
    endpointId: item.endpointId,
    apiVersion: item.apiVersion,
    params: item.params,
    body: item.body,
  };
}

/** The message of one unit of work (see `workUnits`): a PATCH item's own, or one set message for all of a policy's items. */
export function unitMessage(unit: readonly Item[], attempt: number, token: string): WorkMessage {
  const [lead] = unit;
  if (!lead) throw new RangeError('a unit of work holds at least one item');
  if (unit.length === 1) return workMessage(lead, attempt, token);
  return { v: 1, kind: 'set', jobId: lead.jobId, index: lead.index, indexes: unit.map((i) => i.index), token, attempt };
}

/**
 * A job's items as units of work, one queue message each: the items written through one
 * policy's `/assign` together (so they cost one write), every PATCH item alone. Deterministic,
 * so that an intake resumed from the stored items finds the same units.
 */
export function workUnits(items: readonly Item[]): Item[][] {
  const byIndex = new Map(items.map((i) => [i.index, i]));
  return groupWork(items.map((i) => ({ index: i.index, setKey: setKeyOf(i) }))).map((unit) => unit.map((index) => byIndex.get(index) as Item));
}

/** The policy lease key of an item written through `/assign`; undefined for one written by its own PATCH. */
export function setKeyOf(item: Pick<Item, 'via' | 'action' | 'path' | 'endpointId' | 'params'>): string | undefined {
  if (item.via !== 'assign') return undefined;
  if (item.action !== undefined) return policyLeaseKey(item.path);
  const endpoint = findEndpoint(item.endpointId);
  const own = endpoint && ownPolicyOf(endpoint, item.params);
  return own ? policyLeaseKey(own.path) : undefined;
}
