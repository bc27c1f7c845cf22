import type { GroupReplacementMessage } from './group-replacement-message.js';

/** Carries events whose changes take a Graph scan to the function that scans, off the delivery. */
export interface EventQueue {
  send(message: GroupReplacementMessage): Promise<void>;
}
