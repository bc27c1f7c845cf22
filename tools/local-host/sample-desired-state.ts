import { resolveGraphPath } from '../../src/catalog/resolve-graph-path.js';
import { POLICY_COLLECTIONS } from '../../src/inventory/policy-collections.js';
import type { DesiredStateDocument } from '../../src/reconcile/parse-desired-state.js';
import {
  COMPLIANCE_ASSIGNMENT_ID,
  DEVICE_CONFIGURATION_ASSIGNMENT_ID,
  EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID,
  PLATFORM_RESTRICTION_ENROLLMENT_ASSIGNMENT_ID,
  SEED_DATA,
  SEED_FILTER_ID,
} from '../graph-sim/seed-data.js';
import type { SeedAssignment, SeedPolicy } from '../graph-sim/sim-seed.js';

/** A group the sample desired state moves the Edge policy to; the simulator does not check groups exist. */
export const SAMPLE_PILOT_GROUP_ID = '9a000000-0000-4000-8000-000000000004';


/**
 * Where the sample differs from the simulator's seed: one drift in each policy kind, so that a
 * first reconciliation has something to report and fix and a second one finds nothing.
 */
export const SAMPLE_DRIFT: Readonly<Record<string, (a: SeedAssignment) => Record<string, unknown>>> = {
  // A filter added to a group include.
  [COMPLIANCE_ASSIGNMENT_ID]: (a) => ({
    target: { ...a.target, deviceAndAppManagementAssignmentFilterId: SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' },
  }),
  // Another group.
  [EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID]: (a) => ({ target: { ...a.target, groupId: SAMPLE_PILOT_GROUP_ID } }),
  // Everyone instead of one group.
  [PLATFORM_RESTRICTION_ENROLLMENT_ASSIGNMENT_ID]: () => ({ target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } }),
  // The policy's devices filtered out instead of in.
  [DEVICE_CONFIGURATION_ASSIGNMENT_ID]: (a) => ({
    target: { ...a.target, deviceAndAppManagementAssignmentFilterId: SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'exclude' },
    intent: a.intent,
  }),
};

/**
 * A desired state for the simulator's seed, one document per policy kind: every seeded
 * assignment declared as the seed holds it, except the drift above. `npm start` puts it in the
 * desired-state container when that is empty, so a reconciliation can be tried at once.
 */
export function sampleDesiredState(): DesiredStateDocument[] {
  const byKind = new Map<string, unknown[]>();
  for (const policy of SEED_DATA.policies) {
    const list = byKind.get(policy.kind) ?? [];
    byKind.set(policy.kind, list);
    const holders = [{ nav: '', assignments: policy.assignments }, ...(policy.subResources ?? []).map((s) => ({ nav: s.path, assignments: s.assignments }))];
    for (const holder of holders) {
      for (const a of holder.assignments) {
        const drift = SAMPLE_DRIFT[a.id];
        const body = drift ? drift(a) : { target: a.target, ...(policy.kind === 'deviceConfiguration' && a.intent ? { intent: a.intent } : {}) };
        list.push({ ref: `${policy.displayName}${holder.nav ? ` (${holder.nav.split('/')[0]})` : ''}`, apiVersion: 'beta', path: pathOf(policy, holder.nav, a.id), body });
      }
    }
  }
  return [...byKind].map(([kind, assignments]) => ({
    name: `${kind}.json`,
    text: `${JSON.stringify({ description: `Desired ${kind} assignments (sample for the Graph simulator)`, assignments }, null, 2)}\n`,
  }));
}

/** The catalog path of an assignment; nested certificates need the type cast when the plain navigation is not in the catalog. */
function pathOf(policy: SeedPolicy, nav: string, assignmentId: string): string {
  const collection = POLICY_COLLECTIONS.find((c) => c.kind === policy.kind);
  if (!collection) throw new Error(`the catalog has no ${policy.kind} collection`);
  const base = `${collection.path}/${policy.id}`;
  const plain = `${base}${nav ? `/${nav}` : ''}/assignments/${assignmentId}`;
  if (resolveGraphPath(plain).ok) return plain;
  return `${base}/${policy.odataType}/${nav}/assignments/${assignmentId}`;
}
