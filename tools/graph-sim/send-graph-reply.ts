import type { ServerResponse } from 'node:http';
import type { SimReply } from './sim-reply.js';

export interface ReplyContext {
  readonly requestId: string;
  readonly clientRequestId: string | null;
  /** Simulator clock, for `Date` and `innerError.date`. */
  readonly now: number;
}

/** The content type Graph sends with JSON; clients that look for `application/json` find it. */
const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Writes a reply the way Graph shapes every answer: ids, date, JSON, error envelope. */
export function sendGraphReply(res: ServerResponse, reply: SimReply, ctx: ReplyContext): void {
  if (res.headersSent || res.destroyed) return;
  const date = new Date(ctx.now);
  res.statusCode = reply.status;
  res.setHeader('request-id', ctx.requestId);
  if (ctx.clientRequestId !== null) res.setHeader('client-request-id', ctx.clientRequestId);
  res.setHeader('Date', date.toUTCString());
  if (reply.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(reply.retryAfterSeconds));
  let payload: unknown = reply.body;
  if (reply.error) {
    payload = {
      error: {
        code: reply.error.code,
        message: reply.error.message,
        innerError: {
          // Graph's own timestamps carry no fractional seconds.
          date: date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          'request-id': ctx.requestId,
          // Graph reports its own request id here when the client sent none.
          'client-request-id': ctx.clientRequestId ?? ctx.requestId,
        },
      },
    };
  }
  if (payload === undefined) {
    res.end();
    return;
  }
  const text = JSON.stringify(payload);
  res.setHeader('Content-Type', GRAPH_JSON);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
