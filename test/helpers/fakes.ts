import type { IntakeMessage, IntakeQueue } from '../../src/ports/intake-queue.js';
import type { GraphWriteOutcome, GraphWriteRequest, GraphWriter } from '../../src/ports/graph-writer.js';
import type { Lane } from '../../src/model/job-model.js';
import type { WorkMessage } from '../../src/ports/work-message.js';
import type { WorkQueue } from '../../src/ports/work-queue.js';

/** Records intake steps that would have been queued. */
export class RecordingIntakeQueue implements IntakeQueue {
  readonly sent: Array<{ message: IntakeMessage; delayMs: number }> = [];
  async send(message: IntakeMessage, delayMs = 0): Promise<void> {
    this.sent.push({ message, delayMs });
  }
  take(): Array<{ message: IntakeMessage; delayMs: number }> {
    return this.sent.splice(0);
  }
}

/** Records what would have been enqueued. */
export class RecordingQueue implements WorkQueue {
  readonly sent: Array<{ lane: Lane; message: WorkMessage; delayMs: number }> = [];
  readonly poisoned: Array<{ lane: Lane; payload: unknown; reason: string }> = [];
  failSends = false;

  async send(lane: Lane, message: WorkMessage, delayMs = 0): Promise<void> {
    if (this.failSends) throw new Error('queue unavailable');
    this.sent.push({ lane, message, delayMs });
  }
  async sendMany(lane: Lane, messages: readonly WorkMessage[]): Promise<void> {
    for (const m of messages) await this.send(lane, m, m.notBefore === undefined ? 0 : undefined);
  }
  async sendToPoison(lane: Lane, payload: unknown, reason: string): Promise<void> {
    this.poisoned.push({ lane, payload, reason });
  }
  async ping(): Promise<void> {}
  take(): Array<{ lane: Lane; message: WorkMessage; delayMs: number }> {
    return this.sent.splice(0);
  }
}

type Responder = (request: GraphWriteRequest) => Partial<GraphWriteOutcome> & { kind?: 'response' | 'network' };

/** Answers PATCHes and `/assign` POSTs from one script, in call order; defaults to 200. */
export class ScriptedGraph implements GraphWriter {
  readonly requests: GraphWriteRequest[] = [];
  /** Which method each request used, in the same order. */
  readonly methods: Array<'patch' | 'assign'> = [];
  private readonly script: Responder[] = [];

  answer(...responders: Responder[]): this {
    this.script.push(...responders);
    return this;
  }

  async assign(request: GraphWriteRequest): Promise<GraphWriteOutcome> {
    return this.answerNext('assign', request);
  }

  async patch(request: GraphWriteRequest): Promise<GraphWriteOutcome> {
    return this.answerNext('patch', request);
  }

  private answerNext(method: 'patch' | 'assign', request: GraphWriteRequest): GraphWriteOutcome {
    this.requests.push(request);
    this.methods.push(method);
    const partial = this.script.shift()?.(request) ?? {};
    if (partial.kind === 'network') {
      return { kind: 'network', reason: 'connection', message: 'socket hang up', clientRequestId: request.clientRequestId, durationMs: 5, ...partial } as GraphWriteOutcome;
    }
    return {
      kind: 'response',
      status: 200,
      requestId: `req-${this.requests.length}`,
      clientRequestId: request.clientRequestId,
      retryAfterMs: undefined,
      errorCode: undefined,
      errorMessage: undefined,
      durationMs: 5,
      ...partial,
    } as GraphWriteOutcome;
  }
}

/** A clock that only moves when told. */
export function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const clock = () => new Date(now);
  return Object.assign(clock, { advance: (ms: number) => void (now += ms) });
}
