/**
 * Intune's virtual group ids: it files "all devices" and "all licensed users" assignments under
 * these, as if they were groups.
 */
export const ALL_DEVICES_VIRTUAL_GROUP_ID = 'adadadad-808e-44e2-905a-0b7873a8a531';
export const ALL_USERS_VIRTUAL_GROUP_ID = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9';

const bare = (odataType: string) => (odataType.startsWith('#') ? odataType.slice(1) : odataType);

/**
 * What an assignment of a policy is keyed by in Intune: its group, collection or Entra object, or
 * the virtual group of "all devices" / "all licensed users". An include and an exclusion of the
 * same group share a key, as they cannot both be assigned. Lower case: Graph ids compare that way.
 */
export function targetKeyOf(target: Readonly<Record<string, unknown>>): string {
  const type = bare(String(target['@odata.type'] ?? ''));
  switch (type) {
    case 'microsoft.graph.allDevicesAssignmentTarget':
      return ALL_DEVICES_VIRTUAL_GROUP_ID;
    case 'microsoft.graph.allLicensedUsersAssignmentTarget':
      return ALL_USERS_VIRTUAL_GROUP_ID;
    default: {
      const id = target.groupId ?? target.collectionId ?? target.entraObjectId;
      return String(id).toLowerCase();
    }
  }
}

/** The id Intune gives an assignment written through `/assign`: `{policyId}_{groupId}` (or the target's other key). */
export function assignmentIdFor(policyId: string, target: Readonly<Record<string, unknown>>): string {
  return `${policyId}_${targetKeyOf(target)}`;
}
