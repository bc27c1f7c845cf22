import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import type { ScannedAssignment } from '../inventory/scan-assignments.js';

/** Target types that point at a group through `groupId`: the include and the exclusion. */
const GROUP_TARGETS = new Set(['microsoft.graph.groupassignmenttarget', 'microsoft.graph.exclusiongroupassignmenttarget']);

/**
 * The job items that move every assignment aimed at `oldGroupId` to `newGroupId`. Each PATCH
 * sends the whole target again (Graph replaces a target whole), so the filter and the
 * include/exclusion kind are kept, and `intent` is sent as it was where the endpoint has it.
 * The items are plain submission items: the caller validates them like any other.
 */
export function groupReplacementItems(
  scanned: ReadonlyArray<Pick<ScannedAssignment, 'endpointId' | 'apiVersion' | 'path' | 'policy' | 'assignment'>>,
  oldGroupId: string,
  newGroupId: string,
): unknown[] {
  const wanted = oldGroupId.toLowerCase();
  const items: unknown[] = [];
  // A certificate profile is a device configuration of its own and also a navigation of the
  // profile that uses it, so one assignment can be read twice under two paths. Intune's
  // assignment ids are unique in a tenant (they are made of the policy's id and the target's),
  // so the id alone names it: the first path read wins, and the job changes it once.
  const seen = new Set<string>();
  for (const s of scanned) {
    const target = s.assignment.target;
    if (!target || typeof target !== 'object') continue;
    const t = target as Record<string, unknown>;
    const type = String(t['@odata.type'] ?? '').replace(/^#/, '').toLowerCase();
    if (!GROUP_TARGETS.has(type) || String(t.groupId ?? '').toLowerCase() !== wanted) continue;
    const endpoint = findEndpoint(s.endpointId);
    const id = String(s.assignment.id ?? '').toLowerCase();
    if (!endpoint || seen.has(id)) continue;
    seen.add(id);
    const body: Record<string, unknown> = { '@odata.type': `#${endpoint.resourceType}`, target: { ...withoutNulls(t), groupId: newGroupId } };
    const keeps = endpoint.versions[s.apiVersion as 'v1.0' | 'beta'] ?? [];
    if (keeps.includes('intent') && typeof s.assignment.intent === 'string') body.intent = s.assignment.intent;
    items.push({ ...(s.policy.displayName ? { ref: s.policy.displayName.slice(0, DEFAULT_SUBMISSION_LIMITS.maxRefLength) } : {}), apiVersion: s.apiVersion, path: s.path, body });
  }
  return items;
}

/** Graph reads back unset properties as null (no filter: `filterId: null`); the catalog refuses null in a PATCH. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}
