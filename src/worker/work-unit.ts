import { assignmentAddress } from '../catalog/assignment-key.js';
import type { AssignAction } from '../catalog/assign-actions.js';
import { findEndpoint, type ApiVersion, type CatalogEndpoint } from '../catalog/catalog-endpoints.js';
import { expandPolicyPath, findAssignAction, ownPolicyOf } from '../catalog/policy-paths.js';
import { expandTemplate } from '../catalog/resolve-graph-path.js';
import type { Item } from '../model/job-model.js';
import type { SetChange } from '../model/plan-assignment-set.js';
import { policyLeaseKey } from '../model/policy-lease.js';
import type { PatchWorkMessage } from '../ports/work-message.js';

/** One PATCH, resolved against the catalog from its message. */
export interface PatchUnit {
  readonly kind: 'patch';
  readonly endpoint: CatalogEndpoint;
  readonly apiVersion: ApiVersion;
  /** Canonical item path below the version, rebuilt from the catalog template. */
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** The collection the assignment lives in, and its id there: read for the item's before. */
  readonly collectionPath: string;
  readonly assignmentId: string;
  /** The lease of the policy (or certificate profile) whose assignments the PATCH changes. */
  readonly leaseKey: string;
}

/** Items of one job written together through one policy's `/assign`, resolved from the stored items. */
export interface SetUnit {
  readonly kind: 'set';
  readonly action: AssignAction;
  readonly apiVersion: ApiVersion;
  /** Canonical policy path below the version. */
  readonly policyPath: string;
  readonly leaseKey: string;
  /** One change per item, in index order. */
  readonly changes: readonly SetChange[];
}

/** Resolves a PATCH message; throws when it names nothing of the catalog (the message is then poison). */
export function patchUnitOf(message: PatchWorkMessage): PatchUnit {
  const endpoint = findEndpoint(message.endpointId);
  if (!endpoint || !endpoint.versions[message.apiVersion]) throw new Error('endpoint or version not in the catalog');
  const path = expandTemplate(endpoint, message.params);
  const { collectionPath, assignmentId } = assignmentAddress(endpoint.id, message.params, message.body);
  return {
    kind: 'patch',
    endpoint,
    apiVersion: message.apiVersion,
    path,
    body: message.body,
    collectionPath,
    assignmentId,
    leaseKey: policyLeaseKey(collectionPath.replace(/\/assignments$/i, '')),
  };
}

/**
 * Resolves the items of a set message into one read-modify-write. Throws when an item names no
 * catalog policy, or when the items are not of one policy in one version: the worker writes
 * nothing for such a message (it is poison), since it was not made by the intake.
 */
export function setUnitOf(items: readonly Item[]): SetUnit {
  let unit: { action: AssignAction; apiVersion: ApiVersion; policyPath: string } | undefined;
  const changes: SetChange[] = [];
  for (const item of items) {
    const { action, policyPath, change } = setChangeOf(item);
    if (!action.versions[item.apiVersion]) throw new Error(`item ${item.index}: ${action.policyKind} has no /assign in ${item.apiVersion}`);
    unit ??= { action, apiVersion: item.apiVersion, policyPath };
    if (unit.policyPath.toLowerCase() !== policyPath.toLowerCase() || unit.apiVersion !== item.apiVersion) {
      throw new Error(`item ${item.index} is not of policy ${unit.policyPath} in ${unit.apiVersion}`);
    }
    changes.push(change);
  }
  if (!unit) throw new Error('a set message names no item');
  return { kind: 'set', ...unit, leaseKey: policyLeaseKey(unit.policyPath), changes };
}

function setChangeOf(item: Item): { action: AssignAction; policyPath: string; change: SetChange } {
  const expect = item.expect ? { expect: item.expect } : {};
  if (item.action !== undefined) {
    const action = findAssignAction(item.endpointId);
    if (!action) throw new Error(`item ${item.index}: ${item.endpointId} is no /assign action of the catalog`);
    const target = item.body.target;
    if (typeof target !== 'object' || target === null) throw new Error(`item ${item.index} has no target`);
    const intent = typeof item.body.intent === 'string' ? { intent: item.body.intent } : {};
    const change: SetChange =
      item.action === 'add'
        ? { kind: 'add', index: item.index, target: target as Record<string, unknown>, ...intent, ...expect }
        : { kind: 'remove', index: item.index, target: target as Record<string, unknown>, ...expect };
    return { action, policyPath: expandPolicyPath(action, item.params), change };
  }
  // A PATCH item Graph had no route for: the same change, made to the assignment in the whole set.
  const endpoint = findEndpoint(item.endpointId);
  const own = endpoint && ownPolicyOf(endpoint, item.params);
  if (!endpoint || !own) throw new Error(`item ${item.index}: ${item.endpointId} cannot be written through a policy's /assign`);
  const { assignmentId } = assignmentAddress(endpoint.id, item.params, item.body);
  return { action: own.action, policyPath: own.path, change: { kind: 'replace', index: item.index, assignmentId, body: item.body, ...expect } };
}
