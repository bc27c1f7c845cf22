import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerSimRoute } from './answer-sim-route.js';
import { errorCodeForStatus } from './error-code-for-status.js';
import type { FaultMode, FaultRule } from './fault-rule.js';
import { handleControlRequest } from './handle-control-request.js';
import { resolveSimRoute } from './resolve-sim-route.js';
import { throttleFamilyOfPath } from '../../src/catalog/throttle-families.js';
import { sendGraphReply } from './send-graph-reply.js';
import type { SimRuntime } from './sim-runtime.js';
import { graphError, type SimReply } from './sim-reply.js';

/** Bodies of assignment PATCHes are a few hundred bytes; anything near this is a client bug. */
const MAX_BODY_BYTES = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The order of checks follows what a client of Graph can observe: authentication first, then
 * injected faults (they stand for the gateway failing before Intune sees the request), then
 * routing (a path Graph cannot map never reaches Intune, so it costs no budget), then the
 * throttle, then the handler.
 */
export function createSimRequestHandler(rt: SimRuntime): Handler {
  return (req, res) => {
    handle(rt, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      sendGraphReply(res, graphError(500, 'InternalServerError', `Simulator failure: ${message}`), {
        requestId: randomUUID(),
        clientRequestId: null,
        now: rt.options.clock(),
      });
    });
  };
}

async function handle(rt: SimRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { clock } = rt.options;
  const arrivedAt = clock();
  const requestId = randomUUID();
  const clientRequestId = firstHeader(req.headers['client-request-id']);
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));
  const method = (req.method ?? 'GET').toUpperCase();
  const body = await readBody(req);
  const send = (reply: SimReply) => sendGraphReply(res, reply, { requestId, clientRequestId, now: clock() });

  if (path === '/_sim' || path.startsWith('/_sim/')) {
    send(body === undefined ? tooLarge() : handleControlRequest(rt, method, path, query, body));
    return;
  }

  const isWrite = method !== 'GET' && method !== 'HEAD';
  const app = authenticate(rt.options.tokens, req.headers.authorization);
  // With separate scopes each throttling family is throttled, and tells clients to wait, on its
  // own; the family follows from the policy collection, so `/assign` counts like a PATCH.
  const partition = rt.options.throttleScopes === 'separate' ? (familyOf(path) ?? 'all') : 'all';
  const premature = isWrite && app !== null && rt.recorder.isPremature(app, partition, arrivedAt);
  let fault: FaultRule | undefined;

  /** Logs a write attempt; reads are only counted. */
  const log = (status: number, how: { applied?: boolean; accepted?: boolean; throttled?: boolean; retryAfterSeconds?: number }) => {
    if (!isWrite) return;
    const mode: FaultMode | undefined = fault ? (fault.mode ?? 'status') : undefined;
    rt.recorder.record(
      {
        at: arrivedAt,
        app,
        method,
        path,
        status,
        applied: how.applied ?? false,
        requestId,
        clientRequestId,
        premature,
        ...(how.retryAfterSeconds !== undefined ? { retryAfterSeconds: how.retryAfterSeconds } : {}),
        ...(mode ? { fault: mode } : {}),
      },
      { accepted: how.accepted ?? false, throttled: how.throttled ?? false },
    );
  };
  const finish = (reply: SimReply, how: { applied?: boolean; accepted?: boolean; throttled?: boolean } = {}) => {
    if (fault?.mode === 'applyThenHang' || fault?.mode === 'applyThenReset') {
      // Whatever Graph decided (applied, throttled, refused), the answer never reaches the client.
      log(0, how);
      if (fault.mode === 'applyThenReset') req.socket.resetAndDestroy();
      return;
    }
    if (isWrite && app !== null && reply.retryAfterSeconds !== undefined) {
      rt.recorder.noteRetryAfter(app, partition, clock(), reply.retryAfterSeconds);
    }
    log(reply.status, { ...how, ...(reply.retryAfterSeconds !== undefined ? { retryAfterSeconds: reply.retryAfterSeconds } : {}) });
    send(reply);
  };

  if (body === undefined) return finish(tooLarge());
  if (app === null) {
    const message = req.headers.authorization ? 'Access token validation failure.' : 'Access token is empty.';
    return finish(graphError(401, 'InvalidAuthenticationToken', message));
  }

  fault = rt.faults.take(method, path);
  if (fault?.latencyMs) await rt.delay(fault.latencyMs);
  switch (fault?.mode ?? (fault ? 'status' : undefined)) {
    case 'status':
      return finish(faultReply(fault as FaultRule));
    case 'reset':
      log(0, {});
      req.socket.resetAndDestroy();
      return;
    case 'hang':
      // Left unanswered on purpose; closing the simulator destroys the connection.
      log(0, {});
      return;
  }

  const route = resolveSimRoute(method, path, rt.refusedItemRoutes);
  if (route.kind === 'refused') return finish(route.reply);

  const decision = (isWrite ? rt.writeThrottle : rt.readThrottle).tryAcquire(app, partition, clock());
  if (!isWrite) rt.recorder.recordRead(!decision.allowed);
  if (!decision.allowed) {
    // Whole seconds, rounded up: a client that waits exactly this long finds room.
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    const limit = isWrite ? 'write' : 'read';
    return finish(graphError(429, 'TooManyRequests', `Too many requests: the ${limit} limit for this app or tenant is spent. Retry after ${seconds} seconds.`, seconds), { throttled: true });
  }

  const answer = answerSimRoute(route, {
    store: rt.store,
    bodyText: body,
    query,
    selfUrl: `http://${req.headers.host ?? 'localhost'}${path}`,
    pageSize: rt.options.pageSize,
  });
  finish(answer.reply, { applied: answer.applied, accepted: true });
}

function faultReply(rule: FaultRule): SimReply {
  const status = rule.status ?? 503;
  const message = rule.message ?? `Injected fault: ${status}.`;
  return graphError(status, rule.code ?? errorCodeForStatus(status), message, rule.retryAfterSeconds);
}

function tooLarge(): SimReply {
  return graphError(413, 'RequestEntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
}

/** The throttling family of a request path with its version segment, if it names a catalog collection. */
function familyOf(path: string): string | undefined {
  const slash = path.indexOf('/', 1);
  return slash === -1 ? undefined : throttleFamilyOfPath(path.slice(slash));
}

/** The app id behind a valid `Authorization: Bearer <token>`, or null. */
function authenticate(tokens: ReadonlyMap<string, string>, header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return (match && tokens.get(match[1] as string)) ?? null;
}

function firstHeader(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The body as text, or undefined when it is too large (the rest is drained so the answer can be sent). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}
