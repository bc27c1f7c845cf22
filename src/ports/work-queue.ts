import type { Lane } from '../model/job-model.js';
import type { WorkMessage } from './work-message.js';

/** The two lanes' queues, through which every PATCH travels. */
export interface WorkQueue {
  /** Enqueues one message, invisible for `delayMs` (how the worker waits without sleeping). */
  send(lane: Lane, message: WorkMessage, delayMs?: number): Promise<void>;
  /**
   * Enqueues many messages with bounded parallelism; rejects if any could not be sent. A
   * message with `notBefore` becomes visible between 0.9 and 0.4 s before it (`visibilityPlan`),
   * one due sooner at once.
   */
  sendMany(lane: Lane, messages: readonly WorkMessage[]): Promise<void>;
  /** Moves a message the worker cannot read to the lane's poison queue, with the reason. */
  sendToPoison(lane: Lane, payload: unknown, reason: string): Promise<void>;
  ping(): Promise<void>;
}
