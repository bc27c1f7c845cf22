import pLimit from 'p-limit';
import { assignmentAddress } from '../catalog/assignment-key.js';
import type { ApiVersion } from '../catalog/catalog-endpoints.js';
import type { GraphObject, GraphReader } from '../ports/graph-reader.js';

/** An item whose assignment is to be read; a `ValidatedItem` fits. */
export interface CurrentAssignmentRequest {
  /** Key of the answer in the returned map. */
  readonly index: number;
  readonly endpointId: string;
  readonly apiVersion: ApiVersion;
  readonly params: Readonly<Record<string, string>>;
  /** Only `id` is read, and only for seed 003's collection endpoint. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Why an assignment could not be read. */
export interface MissingAssignment {
  /** Graph's status for the collection, or 404 when the collection exists without this id. */
  readonly status: number;
  /** Graph's error code; undefined when Graph listed the collection but the id was not in it. */
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
}

export type CurrentAssignment = { readonly found: GraphObject } | { readonly missing: MissingAssignment };

export interface ReadCurrentAssignmentsOptions {
  /**
   * Collections listed at the same time.
   * @default 8
   */
  readonly concurrency?: number;
}

/**
 * Reads the assignment each item addresses, as Graph holds it now (`@odata.type` included), keyed
 * by item `index`. Items are grouped by the collection that holds their assignment, and each
 * collection is listed once in the item's version: seed 003's `…/assignments` with `body.id` and
 * seed 004's `…/assignments/{id}` share one listing, so a plan costs about one read per policy.
 * Ids match case-insensitively, as in Graph.
 *
 * Throws `GraphReadError` when Graph cannot be read; nothing is changed either way.
 */
export async function readCurrentAssignments(
  reader: GraphReader,
  items: readonly CurrentAssignmentRequest[],
  options: ReadCurrentAssignmentsOptions = {},
): Promise<Map<number, CurrentAssignment>> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${String(concurrency)}`);
  }
  const groups = new Map<string, { apiVersion: ApiVersion; collectionPath: string; members: Array<{ index: number; id: string }> }>();
  for (const item of items) {
    const { collectionPath, assignmentId } = assignmentAddress(item.endpointId, item.params, item.body);
    const key = `${item.apiVersion} ${collectionPath.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { apiVersion: item.apiVersion, collectionPath, members: [] }));
    group.members.push({ index: item.index, id: assignmentId });
  }

  const answers = new Map<number, CurrentAssignment>();
  const limit = pLimit(concurrency);
  await Promise.all(
    [...groups.values()].map((group) =>
      limit(async () => {
        const listed = await reader.list(group.apiVersion, group.collectionPath);
        if (!listed.ok) {
          const missing = { status: listed.status, errorCode: listed.errorCode, errorMessage: listed.errorMessage };
          for (const m of group.members) answers.set(m.index, { missing });
          return;
        }
        const byId = new Map<string, GraphObject>();
        for (const a of listed.value) {
          if (typeof a.id === 'string' && !byId.has(a.id.toLowerCase())) byId.set(a.id.toLowerCase(), a);
        }
        for (const m of group.members) {
          const found = byId.get(m.id.toLowerCase());
          answers.set(
            m.index,
            found
              ? { found }
              : {
                  missing: {
                    status: 404,
                    errorCode: undefined,
                    errorMessage: `Assignment '${m.id}' is not in ${group.collectionPath} (${group.apiVersion}).`,
                  },
                },
          );
        }
      }),
    ),
  );
  return answers;
}
