/** Target properties that name the directory object or collection a target points at. */
const PRINCIPAL_PROPERTIES = ['groupId', 'collectionId', 'entraObjectId'] as const;

/**
 * Which target an assignment aims at, as the assignment-set items define it: the target's type
 * plus its `groupId`, `collectionId` or `entraObjectId`. All-devices and all-licensed-users have
 * one identity each. Lower case and without the leading `#`, because Graph writes types as
 * `#microsoft.graph.x`, accepts `microsoft.graph.x`, and returns ids in lower case whatever case
 * they were written in. A filter or an intent is not part of it: changing them changes the
 * assignment, it does not make another one. Undefined when the value is not a typed target.
 */
export function targetIdentity(target: unknown): string | undefined {
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return undefined;
  const record = target as Readonly<Record<string, unknown>>;
  const type = record['@odata.type'];
  if (typeof type !== 'string' || type.replace(/^#/, '') === '') return undefined;
  const principal = PRINCIPAL_PROPERTIES.map((name) => record[name]).find((value) => typeof value === 'string');
  return `${type.replace(/^#/, '').toLowerCase()}|${typeof principal === 'string' ? principal.toLowerCase() : ''}`;
}

/** The identity of an assignment's target; undefined when it has no typed target. */
export function assignmentIdentity(assignment: Readonly<Record<string, unknown>> | null | undefined): string | undefined {
  return assignment ? targetIdentity(assignment.target) : undefined;
}
