import type { PolicyKind } from '../../src/catalog/catalog-endpoints.js';

/** One assignment as the simulator stores it; `@odata.type` comes from the endpoint, not from here. */
export interface SeedAssignment {
  readonly id: string;
  /** A target as Graph returns it, `@odata.type` included. */
  readonly target: Readonly<Record<string, unknown>>;
  readonly source?: 'direct' | 'policySets';
  readonly sourceId?: string;
  readonly intent?: 'apply' | 'remove';
}

/** A certificate profile reached through a navigation property of a device configuration (seed 004). */
export interface SeedSubResource {
  /**
   * Navigation below the policy without type-cast segments, ids expanded:
   * `rootCertificate`, `identityCertificate/rootCertificate`,
   * `rootCertificatesForServerValidation/<certificate id>`.
   */
  readonly path: string;
  readonly id: string;
  /** Without the leading `#`, e.g. `microsoft.graph.iosTrustedRootCertificate`. */
  readonly odataType: string;
  readonly displayName: string;
  readonly assignments: readonly SeedAssignment[];
}

export interface SeedPolicy {
  readonly kind: PolicyKind;
  readonly id: string;
  /** Without the leading `#`; a type-cast segment in a path must name this type. */
  readonly odataType: string;
  readonly displayName: string;
  readonly assignments: readonly SeedAssignment[];
  readonly subResources?: readonly SeedSubResource[];
}

/** Everything the simulator holds; also what `snapshot()` returns. */
export interface SimSeed {
  readonly policies: readonly SeedPolicy[];
}
