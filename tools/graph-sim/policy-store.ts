import type { PolicyKind } from '../../src/catalog/catalog-endpoints.js';
import type { AssignmentLocation } from './locate-assignments.js';
import type { SeedPolicy, SimSeed } from './sim-seed.js';

/** An assignment as stored: `id`, `target`, and whichever of `source`, `sourceId`, `intent` are set. */
export type StoredAssignment = { id: string; target: Record<string, unknown> } & Record<string, unknown>;

export interface PolicySummary {
  readonly id: string;
  readonly odataType: string;
  readonly displayName: string;
}

export type Lookup<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

interface Holder {
  readonly id: string;
  readonly odataType: string;
  readonly displayName: string;
  readonly assignments: StoredAssignment[];
}

interface StoredPolicy extends Holder {
  readonly kind: PolicyKind;
  /** Keyed by lower-cased sub-path: Graph matches ids and navigation names case-insensitively. */
  readonly subResources: Map<string, SubResource>;
}

interface SubResource extends Holder {
  readonly path: string;
}

const key = (text: string) => text.toLowerCase();

/** The simulator's mutable state. Every value handed out is a copy, so callers cannot edit state by accident. */
export class PolicyStore {
  readonly #seed: SimSeed;
  #policies = new Map<PolicyKind, Map<string, StoredPolicy>>();

  constructor(seed: SimSeed) {
    this.#seed = structuredClone(seed);
    this.reset();
  }

  /** Back to the seed. */
  reset(): void {
    this.#policies = new Map();
    for (const seed of structuredClone(this.#seed).policies) {
      let ofKind = this.#policies.get(seed.kind);
      if (!ofKind) this.#policies.set(seed.kind, (ofKind = new Map()));
      ofKind.set(key(seed.id), toStored(seed));
    }
  }

  /** Policies of one kind, in seed order (paging relies on a stable order). */
  listPolicies(kind: PolicyKind): PolicySummary[] {
    return [...(this.#policies.get(kind)?.values() ?? [])].map(({ id, odataType, displayName }) => ({
      id,
      odataType,
      displayName,
    }));
  }

  getPolicy(kind: PolicyKind, id: string): Lookup<PolicySummary> {
    const policy = this.#policies.get(kind)?.get(key(id));
    if (!policy) return { ok: false, message: `${kind} '${id}' was not found.` };
    return { ok: true, value: { id: policy.id, odataType: policy.odataType, displayName: policy.displayName } };
  }

  listAssignments(location: AssignmentLocation): Lookup<StoredAssignment[]> {
    const holder = this.#holder(location);
    return holder.ok ? { ok: true, value: structuredClone(holder.value.assignments) } : holder;
  }

  /**
   * The certificates one level below `location.subPath` (`rootCertificatesForServerValidation`
   * gives each `rootCertificatesForServerValidation/<id>`), in seed order.
   */
  listSubResources(location: AssignmentLocation): Lookup<PolicySummary[]> {
    const policy = this.#policy(location);
    if (!policy.ok) return policy;
    const prefix = `${key(location.subPath)}/`;
    const below = [...policy.value.subResources.entries()].filter(
      ([subKey]) => subKey.startsWith(prefix) && !subKey.slice(prefix.length).includes('/'),
    );
    return { ok: true, value: below.map(([, { id, odataType, displayName }]) => ({ id, odataType, displayName })) };
  }

  getAssignment(location: AssignmentLocation, assignmentId: string): Lookup<StoredAssignment> {
    const found = this.#assignment(location, assignmentId);
    return found.ok ? { ok: true, value: structuredClone(found.value) } : found;
  }

  /**
   * Merges `changes` into the assignment: a `target` replaces the whole target (Graph does not
   * merge inside complex values), `null` clears a property, `id` and `@odata.type` are not data.
   */
  patchAssignment(location: AssignmentLocation, assignmentId: string, changes: Record<string, unknown>): Lookup<StoredAssignment> {
    const found = this.#assignment(location, assignmentId);
    if (!found.ok) return found;
    const stored = found.value;
    for (const [name, value] of Object.entries(changes)) {
      if (name === 'id' || name === '@odata.type') continue;
      if (value === null) delete stored[name];
      else stored[name] = structuredClone(value);
    }
    return { ok: true, value: structuredClone(stored) };
  }

  /**
   * Replaces a policy's own assignments with `assignments`, as Graph's `/assign` does: what is
   * not in the list is removed. Each keeps the id of the assignment that already had its target
   * key, else gets `idFor(target)`; `id` and `@odata.type` of the input are not data.
   */
  replaceAssignments(
    kind: PolicyKind,
    policyId: string,
    assignments: ReadonlyArray<Readonly<Record<string, unknown>>>,
    keyOf: (target: Readonly<Record<string, unknown>>) => string,
    idFor: (target: Readonly<Record<string, unknown>>) => string,
  ): Lookup<StoredAssignment[]> {
    const policy = this.#policies.get(kind)?.get(key(policyId));
    if (!policy) return { ok: false, message: `${kind} '${policyId}' was not found.` };
    const existing = new Map(policy.assignments.map((a) => [keyOf(a.target), a.id]));
    const next = assignments.map((input) => {
      const target = structuredClone(input.target) as Record<string, unknown>;
      const stored: StoredAssignment = { id: existing.get(keyOf(target)) ?? idFor(target), target };
      for (const [name, value] of Object.entries(input)) {
        if (name === 'id' || name === '@odata.type' || name === 'target' || value === null) continue;
        stored[name] = structuredClone(value);
      }
      return stored;
    });
    policy.assignments.splice(0, policy.assignments.length, ...next);
    return { ok: true, value: structuredClone(next) };
  }

  /** The whole state, shaped like a seed. */
  snapshot(): SimSeed {
    const policies: SeedPolicy[] = [];
    for (const ofKind of this.#policies.values()) {
      for (const p of ofKind.values()) {
        policies.push({
          kind: p.kind,
          id: p.id,
          odataType: p.odataType,
          displayName: p.displayName,
          assignments: structuredClone(p.assignments) as unknown as SeedPolicy['assignments'],
          ...(p.subResources.size > 0
            ? {
                subResources: [...p.subResources.values()].map((s) => ({
                  path: s.path,
                  id: s.id,
                  odataType: s.odataType,
                  displayName: s.displayName,
                  assignments: structuredClone(s.assignments) as unknown as SeedPolicy['assignments'],
                })),
              }
            : {}),
        });
      }
    }
    return { policies };
  }

  #holder(location: AssignmentLocation): Lookup<Holder> {
    const found = this.#policy(location);
    if (!found.ok) return found;
    const policy = found.value;
    if (location.subPath === '') return { ok: true, value: policy };
    const sub = policy.subResources.get(key(location.subPath));
    if (!sub) {
      return { ok: false, message: `'${location.subPath}' of ${location.policyKind} '${location.policyId}' was not found.` };
    }
    return { ok: true, value: sub };
  }

  /** The policy a location is under, if it exists and is of the type the location casts to. */
  #policy(location: AssignmentLocation): Lookup<StoredPolicy> {
    const policy = this.#policies.get(location.policyKind)?.get(key(location.policyId));
    if (!policy) return { ok: false, message: `${location.policyKind} '${location.policyId}' was not found.` };
    if (location.cast && key(location.cast) !== key(policy.odataType)) {
      return {
        ok: false,
        message: `${location.policyKind} '${location.policyId}' is a ${policy.odataType}, not a ${location.cast}.`,
      };
    }
    return { ok: true, value: policy };
  }

  #assignment(location: AssignmentLocation, assignmentId: string): Lookup<StoredAssignment> {
    const holder = this.#holder(location);
    if (!holder.ok) return holder;
    const wanted = key(assignmentId);
    const assignment = holder.value.assignments.find((a) => key(a.id) === wanted);
    if (!assignment) return { ok: false, message: `Assignment '${assignmentId}' was not found.` };
    return { ok: true, value: assignment };
  }
}

function toStored(seed: SeedPolicy): StoredPolicy {
  const copy = (list: SeedPolicy['assignments']) => list.map((a) => ({ ...a, target: { ...a.target } }) as StoredAssignment);
  return {
    kind: seed.kind,
    id: seed.id,
    odataType: seed.odataType,
    displayName: seed.displayName,
    assignments: copy(seed.assignments),
    subResources: new Map(
      (seed.subResources ?? []).map((s) => [
        key(s.path),
        { path: s.path, id: s.id, odataType: s.odataType, displayName: s.displayName, assignments: copy(s.assignments) },
      ]),
    ),
  };
}
