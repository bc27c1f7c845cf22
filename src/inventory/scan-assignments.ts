import pLimit from 'p-limit';
import { assignmentKey } from '../catalog/assignment-key.js';
import type { PolicyKind } from '../catalog/catalog-endpoints.js';
import { expandTemplate, ID_SEGMENT, resolveGraphPath } from '../catalog/resolve-graph-path.js';
import type { GraphObject, GraphReader } from '../ports/graph-reader.js';
import { ASSIGNMENT_NAVIGATIONS, type AssignmentNavigation } from './assignment-navigations.js';
import { POLICY_COLLECTIONS, POLICY_KINDS, type PolicyCollection } from './policy-collections.js';
import { readRefusedError } from './read-refused-error.js';

/** A policy as its list returned it. */
export interface ScannedPolicy {
  readonly kind: PolicyKind;
  readonly id: string;
  /** `@odata.type` without `#`; undefined when Graph leaves it out (lists of a single type may). */
  readonly odataType: string | undefined;
  /** `displayName`, or `name` for settings catalog policies. */
  readonly displayName: string | undefined;
}

/** One assignment, addressed the way a job item would PATCH it. */
export interface ScannedAssignment {
  /** The catalog item endpoint `resolveGraphPath` finds for `path`. */
  readonly endpointId: string;
  /** Scans read beta, the version that has every property. */
  readonly apiVersion: 'beta';
  /** Canonical item path below the version segment, as the catalog template spells it. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** The policy the assignment belongs to, also for the certificates nested under it. */
  readonly policy: ScannedPolicy;
  /** The assignment as Graph returned it, without `@odata.type`. */
  readonly assignment: GraphObject;
}

/** Something Graph returned that the catalog cannot address (an id it would refuse), so left out. */
export interface UnaddressableObject {
  readonly path: string;
  readonly reason: string;
}

export interface AssignmentScan {
  /** Every policy listed, in list order per kind, kinds in the order asked for. */
  readonly policies: readonly ScannedPolicy[];
  /** Every assignment found, each exactly once. */
  readonly assignments: readonly ScannedAssignment[];
  readonly unaddressable: readonly UnaddressableObject[];
}

export interface ScanAssignmentsOptions {
  /**
   * Policy kinds to scan.
   * @default every kind of the catalog
   */
  readonly kinds?: readonly PolicyKind[];
  /**
   * Policies of one kind read at the same time. The read budget sets the pace either way; this
   * bounds how many requests wait for it at once.
   * @default 8
   */
  readonly concurrency?: number;
}

const VERSION = 'beta';
const DEFAULT_CONCURRENCY = 8;
/** Answers meaning "this navigation does not exist for this policy": Graph says 400 for an unknown segment, 404 for a missing entity. */
const NOT_THERE = new Set([400, 404]);

/**
 * Reads every assignment of every policy of the given kinds, in beta: the policy's own
 * assignments and, for device configurations, those of the certificate profiles nested under
 * them (seed 004). Navigations behind a type cast are read only for policies of that type;
 * navigations without one are tried on every device configuration and skipped when Graph answers
 * 400 or 404. When a cast and an uncast navigation reach the same certificate, it is read once,
 * through the cast (the form Graph documents). A collection navigation
 * (`rootCertificatesForServerValidation`) is listed first to learn the certificate ids.
 *
 * Throws `GraphReadError` when Graph cannot be read or refuses a policy list or a policy's own
 * assignments (a policy deleted meanwhile is skipped); nothing is changed either way.
 */
export async function scanAssignments(reader: GraphReader, options: ScanAssignmentsOptions = {}): Promise<AssignmentScan> {
  const kinds = options.kinds ?? POLICY_KINDS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${String(concurrency)}`);
  }
  const policies: ScannedPolicy[] = [];
  const assignments: ScannedAssignment[] = [];
  const unaddressable: UnaddressableObject[] = [];
  for (const kind of kinds) {
    const listed = await listPolicies(reader, kind);
    policies.push(...listed.policies);
    unaddressable.push(...listed.unaddressable);
    const scanned = await scanPolicies(reader, kind, listed.policies, concurrency);
    assignments.push(...scanned.assignments);
    unaddressable.push(...scanned.unaddressable);
  }
  return { policies, assignments, unaddressable };
}

/** Every policy of `kind` Graph lists, and those whose ids the catalog cannot address. */
export async function listPolicies(reader: GraphReader, kind: PolicyKind): Promise<{ policies: ScannedPolicy[]; unaddressable: UnaddressableObject[] }> {
  const collection = collectionOf(kind);
  const listed = await reader.list(VERSION, collection.path);
  if (!listed.ok) throw readRefusedError(collection.path, listed);
  const policies: ScannedPolicy[] = [];
  const unaddressable: UnaddressableObject[] = [];
  for (const raw of listed.value) {
    const policy = toPolicy(kind, raw);
    if (policy) policies.push(policy);
    else unaddressable.push({ path: `${collection.path}/${String(raw.id)}`, reason: 'the policy id is not one the catalog accepts' });
  }
  return { policies, unaddressable };
}

/** The assignments of `policies` (all of `kind`), read `concurrency` policies at a time. */
export async function scanPolicies(
  reader: GraphReader,
  kind: PolicyKind,
  policies: readonly ScannedPolicy[],
  concurrency = DEFAULT_CONCURRENCY,
): Promise<PolicyScan> {
  const collection = collectionOf(kind);
  const limit = pLimit(concurrency);
  const scanned = await Promise.all(policies.map((policy) => limit(() => scanPolicy(reader, collection, policy))));
  return { assignments: scanned.flatMap((s) => s.assignments), unaddressable: scanned.flatMap((s) => s.unaddressable) };
}

function collectionOf(kind: PolicyKind): PolicyCollection {
  const collection = POLICY_COLLECTIONS.find((c) => c.kind === kind);
  if (!collection) throw new TypeError(`Unknown policy kind ${String(kind)}; use one of ${POLICY_KINDS.join(', ')}.`);
  return collection;
}

export interface PolicyScan {
  readonly assignments: ScannedAssignment[];
  readonly unaddressable: UnaddressableObject[];
}

async function scanPolicy(reader: GraphReader, collection: PolicyCollection, policy: ScannedPolicy): Promise<PolicyScan> {
  const out: PolicyScan = { assignments: [], unaddressable: [] };
  const policyPath = `${collection.path}/${policy.id}`;
  /** Holders already listed, casts stripped: a second path to one of them would only repeat it. */
  const listedHolders = new Set<string>();
  const keys = new Set<string>();
  for (const navigation of navigationsFor(policy)) {
    const own = navigation.segments.length === 0;
    const holders = own ? [policyPath] : await expandHolders(reader, policyPath, navigation.segments, out);
    for (const holder of holders) {
      const canonical = withoutCasts(holder);
      if (listedHolders.has(canonical)) continue;
      const listed = await reader.list(VERSION, `${holder}/assignments`);
      if (!listed.ok) {
        // The policy was deleted since its list was read: nothing of it is left to scan.
        if (own && listed.status === 404) return out;
        if (!own && NOT_THERE.has(listed.status)) continue;
        throw readRefusedError(`${holder}/assignments`, listed);
      }
      listedHolders.add(canonical);
      for (const raw of listed.value) {
        const scanned = address(holder, raw, policy);
        if ('reason' in scanned) {
          out.unaddressable.push(scanned);
          continue;
        }
        const key = assignmentKey(scanned.endpointId, scanned.params, undefined);
        if (keys.has(key)) continue;
        keys.add(key);
        out.assignments.push(scanned);
      }
    }
  }
  return out;
}

/** The policy's own assignments first, then navigations cast to its type, then uncast ones. */
function navigationsFor(policy: ScannedPolicy): AssignmentNavigation[] {
  const ofKind = ASSIGNMENT_NAVIGATIONS.filter((n) => n.policyKind === policy.kind);
  const type = policy.odataType?.toLowerCase();
  return [
    ...ofKind.filter((n) => n.segments.length === 0),
    ...ofKind.filter((n) => n.cast !== undefined && n.cast.toLowerCase() === type),
    ...ofKind.filter((n) => n.cast === undefined && n.segments.length > 0),
  ];
}

/**
 * Expands a navigation's template segments below `policyPath` into concrete holder paths,
 * listing each collection navigation to learn the ids its parameter stands for. A navigation
 * Graph does not have for this policy (400, 404) expands to nothing.
 */
async function expandHolders(reader: GraphReader, policyPath: string, segments: readonly string[], out: PolicyScan): Promise<string[]> {
  let paths = [policyPath];
  for (const segment of segments) {
    if (!segment.startsWith('{')) {
      paths = paths.map((p) => `${p}/${segment}`);
      continue;
    }
    const next: string[] = [];
    for (const path of paths) {
      const listed = await reader.list(VERSION, path);
      if (!listed.ok) {
        if (NOT_THERE.has(listed.status)) continue;
        throw readRefusedError(path, listed);
      }
      for (const member of listed.value) {
        const id = member.id;
        if (typeof id === 'string' && ID_SEGMENT.test(id)) next.push(`${path}/${id}`);
        else out.unaddressable.push({ path: `${path}/${String(id)}`, reason: 'the id is not one the catalog accepts' });
      }
    }
    paths = next;
  }
  return paths;
}

function address(holder: string, raw: GraphObject, policy: ScannedPolicy): ScannedAssignment | UnaddressableObject {
  const itemPath = `${holder}/assignments/${String(raw.id)}`;
  if (typeof raw.id !== 'string') return { path: itemPath, reason: 'the assignment has no id' };
  const resolved = resolveGraphPath(itemPath);
  if (!resolved.ok) return { path: itemPath, reason: `the path ${resolved.message}` };
  const { endpoint, params } = resolved.value;
  const assignment: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) if (name !== '@odata.type') assignment[name] = value;
  return { endpointId: endpoint.id, apiVersion: VERSION, path: expandTemplate(endpoint, params), params, policy, assignment };
}

function toPolicy(kind: PolicyKind, raw: GraphObject): ScannedPolicy | undefined {
  const { id } = raw;
  if (typeof id !== 'string' || !ID_SEGMENT.test(id)) return undefined;
  const type = raw['@odata.type'];
  const name = typeof raw.displayName === 'string' ? raw.displayName : raw.name;
  return {
    kind,
    id,
    odataType: typeof type === 'string' ? type.replace(/^#/, '') : undefined,
    displayName: typeof name === 'string' ? name : undefined,
  };
}

function withoutCasts(path: string): string {
  return path
    .split('/')
    .filter((s) => !s.toLowerCase().startsWith('microsoft.graph.'))
    .join('/')
    .toLowerCase();
}
