import type { DesiredStateDocument } from './parse-desired-state.js';

/** Where the platform team keeps its desired state. */
export interface DesiredStateSource {
  /** Every desired-state document, in name order; none when there are none. */
  readAll(): Promise<DesiredStateDocument[]>;
}
