/** One difference between the desired state and Graph, as the drift report lists it. */
export type DriftEntry =
  /** Declared and present, but Graph holds other values: fixed by a PATCH unless the run is dry. */
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
    }
  /** Declared, but Graph has no such assignment: the catalog only updates assignments, so it is reported, not created. */
  | {
      readonly kind: 'missing';
      readonly file: string;
      readonly position: number;
      readonly ref: string | null;
      readonly apiVersion: string;
      readonly path: string;
      readonly after: Record<string, unknown>;
    }
  /** In Graph but declared nowhere: reported, never touched. */
  | {
      readonly kind: 'undeclared';
      readonly path: string;
      readonly policy: { readonly kind: string; readonly id: string; readonly displayName: string | null };
      readonly before: Record<string, unknown>;
    };

export interface DriftCounts {
  readonly declared: number;
  readonly inSync: number;
  readonly changed: number;
  readonly missing: number;
  readonly undeclared: number;
}
