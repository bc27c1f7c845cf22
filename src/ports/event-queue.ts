import { decodeQueuePayload } from '../shared/queue-payload.js';
import type { Caller } from '../model/caller.js';
import type { IncomingEvent } from '../model/incoming-event.js';

/** Carries events whose changes take a Graph scan to the function that scans, off the delivery. */
export interface EventQueue {
  send(message: GroupReplacementMessage): Promise<void>;
}

/** A `BulkAssign.GroupReplaced` event waiting for its inventory scan, as it travels the events queue. */
export interface GroupReplacementMessage {
  readonly v: 1;
  readonly event: IncomingEvent;
  readonly oldGroupId: string;
  readonly newGroupId: string;
  /** Who posted the event, when it came through the API with a token; the scan's job is theirs. */
  readonly submittedBy?: Caller;
}

/** Reads a message of the events queue (JSON the host parsed, or text); the event was validated before it was queued. */
export function parseGroupReplacementMessage(input: unknown): { ok: true; message: GroupReplacementMessage } | { ok: false; reason: string } {
  const decoded = decodeQueuePayload(input);
  if (!decoded.ok) return decoded;
  const m = decoded.value as Partial<GroupReplacementMessage> | null;
  const event = m?.event as Partial<IncomingEvent> | undefined;
  const text = (x: unknown) => typeof x === 'string' && x.length > 0;
  if (m?.v !== 1 || !text(m.oldGroupId) || !text(m.newGroupId) || !event || !text(event.id) || typeof event.source !== 'string' || !text(event.type)) {
    return { ok: false, reason: 'message is not {"v":1,"event":{id,source,type,...},"oldGroupId","newGroupId"}' };
  }
  return { ok: true, message: m as GroupReplacementMessage };
}
