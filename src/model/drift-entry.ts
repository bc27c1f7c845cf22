/**
 * How a run's job fixes an entry: a PATCH of the assignment, an `add` or a `remove` on its
 * policy's set; null when it is only reported (a certificate profile's assignment, which has no
 * `/assign` here, or an undeclared one in a policy not declared exclusive).
 */
export type DriftFix = 'patch' | 'add' | 'remove';

/** One difference between the desired state and Graph, as the drift report lists it. */
export type DriftEntry =
  /** Declared and present, but Graph holds other values: fixed unless the run is dry. */
  | {
      readonly kind: 'changed';
      readonly file: string;
      readonly position: number;
      readonly ref: string | null;
      readonly apiVersion: string;
      readonly path: string;
      /** The properties that differ. */
      readonly changed: readonly string[];
      readonly before: Record<string, unknown>;
      readonly after: Record<string, unknown>;
      readonly fix: DriftFix | null;
    }
  /** Declared, but Graph has no such assignment: created with an `add` on its policy unless the run is dry. */
  | {
      readonly kind: 'missing';
      readonly file: string;
      readonly position: number;
      readonly ref: string | null;
      readonly apiVersion: string;
      readonly path: string;
      readonly after: Record<string, unknown>;
      readonly fix: DriftFix | null;
    }
  /** In Graph but declared nowhere: removed when its policy is declared exclusive (unless the run is dry), else only reported. */
  | {
      readonly kind: 'undeclared';
      readonly path: string;
      readonly policy: { readonly kind: string; readonly id: string; readonly displayName: string | null };
      readonly before: Record<string, unknown>;
      readonly fix: DriftFix | null;
    };

export interface DriftCounts {
  readonly declared: number;
  readonly inSync: number;
  readonly changed: number;
  readonly missing: number;
  readonly undeclared: number;
}
