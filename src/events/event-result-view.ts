import type { IncomingEvent } from '../model/incoming-event.js';
import type { EventOutcome } from './handle-event.js';

/** What `POST /api/events` says about each event it was given. */
export function eventResultView(event: IncomingEvent, outcome: EventOutcome) {
  const common = { id: event.id, source: event.source, type: event.type, outcome: outcome.kind };
  switch (outcome.kind) {
    case 'jobCreated':
    case 'duplicate':
      return { ...common, jobId: outcome.job.jobId, itemCount: outcome.job.counts.total };
    case 'accepted':
      return { ...common, jobId: outcome.jobId, itemCount: null };
    case 'noRule':
      return { ...common, jobId: null };
  }
}
