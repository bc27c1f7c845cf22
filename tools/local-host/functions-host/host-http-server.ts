import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RpcTypedData } from './core-api-types.js';
import type { EventGridWebhookRequest, EventGridWebhookResponse } from './event-grid-webhook.js';
import type { InvocationOutcome } from './function-invoker.js';
import type { HostLog } from './host-log.js';
import type { HttpRoute, HttpRouteTable } from './http-route-table.js';
import { toRpcHttpRequest, type IncomingHttpCall } from './to-rpc-http-request.js';
import { writeRpcHttpResponse } from './write-rpc-http-response.js';
import { carriesHostKey } from './host-key.js';

/** What the HTTP front end needs from the rest of the host. */
export interface HostHttpServerOptions {
  readonly routePrefix: string;
  readonly routes: HttpRouteTable;
  /** Largest request body accepted; the Functions host's default limit is 100 MB. */
  readonly maxRequestBodyBytes: number;
  /** Required by the admin API and extension webhooks when set (see `FunctionsHostOptions.hostKey`). */
  readonly hostKey: string | undefined;
  readonly log: HostLog;
  readonly invokeHttp: (route: HttpRoute, trigger: RpcTypedData, traceParent: string | undefined) => Promise<InvocationOutcome>;
  /** Starts a non-HTTP function now (admin API) without waiting for it, like the host's 202. */
  readonly adminInvoke: (functionName: string, input: string | undefined) => 'accepted' | 'not-found' | 'http-trigger';
  /** Serves `/runtime/webhooks/eventgrid` (see `EventGridWebhook`). */
  readonly eventGridWebhook: (request: EventGridWebhookRequest) => Promise<EventGridWebhookResponse>;
  readonly describeFunctions: () => readonly unknown[];
}

class BodyTooLargeError extends Error {}

/** The methods the host's extension webhook route accepts. */
const webhookMethods = ['GET', 'POST', 'DELETE', 'OPTIONS'];

/**
 * The host's HTTP front end: `/{routePrefix}/{route}` for HTTP triggers, the few admin endpoints
 * tools use (`/admin/host/status`, `/admin/functions[/{name}]`) and the Event Grid extension's
 * webhook (`/runtime/webhooks/eventgrid?functionName=NAME`). Functions' auth levels are not
 * checked, as with Core Tools locally; the admin API and the webhook need the host key when one
 * is set.
 */
export class HostHttpServer {
  readonly #server: http.Server;
  readonly #startedAt = Date.now();
  #closed: Promise<void> | undefined;

  constructor(private readonly options: HostHttpServerOptions) {
    this.#server = http.createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        options.log('error', `HTTP front end failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
    // Large uploads over slow links must not be cut off by Node's default request timeout.
    this.#server.requestTimeout = 0;
  }

  listen(port: number, hostname: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, hostname, () => {
        this.#server.off('error', reject);
        const address = this.#server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${host}:${address.port}`);
      });
    });
  }

  /** Stops accepting connections and drops idle keep-alive sockets; requests in progress go on. */
  stopAccepting(): void {
    if (!this.#closed) {
      this.#closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    }
    this.#server.closeIdleConnections();
  }

  /** Ends every remaining connection; call after in-flight invocations have answered. */
  async closeAll(): Promise<void> {
    this.stopAccepting();
    this.#server.closeAllConnections();
    await this.#closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      return this.#reply(req, res, 400, 'Malformed URL');
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const first = segments[0]?.toLowerCase();

    const hostKey = this.options.hostKey;
    const keyRequired = hostKey !== undefined && ((first === 'admin' && segments.slice(1).join('/').toLowerCase() !== 'host/ping') || first === 'runtime');
    if (keyRequired && !carriesHostKey(hostKey, req.headers['x-functions-key'], url.searchParams)) {
      return this.#reply(req, res, 401, 'This endpoint needs the host key in x-functions-key (or code).');
    }
    if (first === 'admin') return this.#handleAdmin(req, res, method, segments);
    // Like `admin`, `runtime` routes are the host's own and never under routePrefix.
    if (first === 'runtime') return this.#handleRuntime(req, res, method, segments, url);
    if (segments.length === 0 && (method === 'GET' || method === 'HEAD')) {
      return this.#reply(req, res, 200, 'Your Functions 4.0 app is up and running (local host)', 'text/plain; charset=utf-8');
    }

    const prefix = this.options.routePrefix.split('/').filter((s) => s !== '');
    const matchesPrefix = prefix.every((p, i) => segments[i]?.toLowerCase() === p.toLowerCase());
    if (!matchesPrefix) return this.#reply(req, res, 404);

    const lookup = this.options.routes.lookup(method, segments.slice(prefix.length));
    if (lookup.kind === 'not-found') return this.#reply(req, res, 404);
    if (lookup.kind === 'method-not-allowed') {
      res.setHeader('allow', lookup.allow.join(', '));
      return this.#reply(req, res, 405);
    }

    const body = await this.#readBodyOr413(req, res);
    if (!body) return;

    const host = req.headers.host ?? 'localhost';
    const call: IncomingHttpCall = {
      method,
      url: `http://${host}${url.pathname}${url.search}`,
      headers: req.headers,
      query: url.searchParams,
      routeValues: lookup.values,
      body,
    };
    const traceParent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    const outcome = await this.options.invokeHttp(lookup.route, toRpcHttpRequest(call), traceParent);
    if (!outcome.ok) {
      // The host answers a failed invocation with a bare 500 and keeps the details in its logs.
      res.statusCode = 500;
      res.setHeader('content-length', 0);
      res.end();
      return;
    }
    // The library returns a `$return` binding as `returnValue` and named outputs in `outputData`.
    const outputName = lookup.route.outputName;
    const output =
      outputName === '$return'
        ? outcome.response.returnValue
        : outcome.response.outputData?.find((o) => o.name === outputName)?.data;
    writeRpcHttpResponse(res, output);
  }

  /**
   * Extension webhooks live at `runtime/webhooks/{extension}/{*extra}` for GET, POST, DELETE and
   * OPTIONS; the extension then decides by method and headers. Only Event Grid's exists here.
   */
  async #handleRuntime(req: IncomingMessage, res: ServerResponse, method: string, segments: string[], url: URL): Promise<void> {
    if (segments[1]?.toLowerCase() !== 'webhooks' || segments[2]?.toLowerCase() !== 'eventgrid') return this.#reply(req, res, 404);
    if (!webhookMethods.includes(method)) {
      res.setHeader('allow', webhookMethods.join(', '));
      return this.#reply(req, res, 405);
    }
    const body = await this.#readBodyOr413(req, res);
    if (!body) return;
    const traceParent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    const answer = await this.options.eventGridWebhook({ method, query: url.searchParams, headers: req.headers, body, traceParent });
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    this.#reply(req, res, answer.status, answer.body ?? '');
  }

  /** Reads the whole body within the size limit; answers 413 and resolves undefined past it. */
  async #readBodyOr413(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    try {
      return await readBody(req, this.options.maxRequestBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('connection', 'close');
      this.#reply(req, res, 413);
      return undefined;
    }
  }

  async #handleAdmin(req: IncomingMessage, res: ServerResponse, method: string, segments: string[]): Promise<void> {
    const path = segments.slice(1).map((s) => s.toLowerCase()).join('/');
    if (method === 'GET' && path === 'host/status') {
      return this.#json(res, 200, {
        id: 'local',
        state: 'Running',
        version: '4.0.0-local',
        processUptime: Date.now() - this.#startedAt,
      });
    }
    if (method === 'GET' && path === 'host/ping') return this.#reply(req, res, 200);
    if (method === 'GET' && path === 'functions') return this.#json(res, 200, this.options.describeFunctions());

    const name = segments[2];
    if (segments.length === 3 && segments[1]?.toLowerCase() === 'functions' && name !== undefined && method === 'POST') {
      let input: string | undefined;
      try {
        const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
        const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
        const value = (parsed as { input?: unknown } | null)?.input;
        input = value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
      } catch {
        return this.#reply(req, res, 400, 'Body must be JSON like {"input": "..."}');
      }
      const result = this.options.adminInvoke(name, input);
      if (result === 'not-found') return this.#reply(req, res, 404);
      if (result === 'http-trigger') return this.#reply(req, res, 400, 'HTTP-triggered functions are invoked through their route');
      return this.#reply(req, res, 202);
    }
    return this.#reply(req, res, 404);
  }

  #reply(req: IncomingMessage, res: ServerResponse, status: number, text = '', contentType = 'text/plain; charset=utf-8'): void {
    // Drain an unread request body so the connection can be reused.
    if (!req.readableEnded) req.resume();
    res.statusCode = status;
    if (text) res.setHeader('content-type', contentType);
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  }

  #json(res: ServerResponse, status: number, value: unknown): void {
    const text = JSON.stringify(value);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new BodyTooLargeError());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
