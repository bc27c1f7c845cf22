import type { ValidatedItem } from '../catalog/validated-item.js';
import type { DesiredStateError } from '../model/reconciliation-model.js';

/** One assignment as the platform team declares it, resolved against the catalog. */
export interface DesiredAssignment {
  /** Name of the desired-state document (blob) that declares it. */
  readonly file: string;
  /** Position in that document's `assignments`. */
  readonly position: number;
  /** The PATCH that makes Graph hold it, as a job item (its `index` is the position). */
  readonly item: ValidatedItem;
  /** Which assignment it is, the same for every path that reaches it (see `assignmentKey`). */
  readonly key: string;
}

export type { DesiredStateError };
