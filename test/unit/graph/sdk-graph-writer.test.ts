import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphAuthError } from '../../../src/graph/graph-auth-error.js';
import type { GraphWriteRequest, GraphWriteOutcome } from '../../../src/ports/graph-writer.js';
import { createSdkGraphWriter, type SdkGraphWriterOptions } from '../../../src/graph/sdk-graph-writer.js';

const TOKEN = 'static-token-7f3c1d9e-do-not-leak';
const ASSIGNMENT_PATH = '/deviceManagement/deviceCompliancePolicies/p1/assignments/a1';

interface SeenRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for Graph on 127.0.0.1 that records every request it receives. */
class FakeGraph {
  readonly seen: SeenRequest[] = [];
  handler: Handler = (_req, res) => res.writeHead(204).end();
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.handler(req, res);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function graphError(code: string, message: string): string {
  return JSON.stringify({ error: { code, message, innerError: { 'request-id': 'inner-rid', date: '2024-01-01T00:00:00' } } });
}

function writeRequest(overrides: Partial<GraphWriteRequest> = {}): GraphWriteRequest {
  return {
    apiVersion: 'beta',
    path: ASSIGNMENT_PATH,
    body: { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
    clientRequestId: '5b1c2a7e-0d3f-4c55-9a61-2f0e8b7d4c10',
    ...overrides,
  };
}

let graph: FakeGraph;

beforeEach(async () => {
  graph = new FakeGraph();
  await graph.start();
});

afterEach(async () => {
  await graph.stop();
});

function writer(options: Partial<SdkGraphWriterOptions> = {}) {
  return createSdkGraphWriter({ baseUrl: graph.baseUrl, auth: { mode: 'static-token', token: TOKEN }, timeoutMs: 2_000, ...options } as SdkGraphWriterOptions);
}

function expectNoToken(value: unknown): void {
  const text = value instanceof Error ? `${value.name} ${value.message} ${String(value.stack)}` : JSON.stringify(value);
  expect(text).not.toContain(TOKEN);
}

describe('createSdkGraphWriter', () => {
  it('sends the bearer token to a plain-http host', async () => {
    await writer().patch(writeRequest());
    expect(graph.seen).toHaveLength(1);
    expect(graph.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends client-request-id exactly as given, with JSON content headers, body and versioned URL', async () => {
    const request = writeRequest();
    await writer().patch(request);
    const seen = graph.seen[0];
    expect(seen?.method).toBe('PATCH');
    expect(seen?.url).toBe(`/beta${ASSIGNMENT_PATH}`);
    expect(seen?.headers['client-request-id']).toBe(request.clientRequestId);
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['accept']).toBe('application/json');
    expect(JSON.parse(seen?.body ?? '')).toEqual(request.body);
  });

  it('tolerates a trailing slash on the base URL and keeps a path prefix', async () => {
    await writer({ baseUrl: `${graph.baseUrl}/graph/` }).patch(writeRequest({ apiVersion: 'v1.0' }));
    expect(graph.seen[0]?.url).toBe(`/graph/v1.0${ASSIGNMENT_PATH}`);
  });

  it('sends the configured User-Agent', async () => {
    await writer({ userAgent: 'bulk-assign/test' }).patch(writeRequest());
    expect(graph.seen[0]?.headers['user-agent']).toBe('bulk-assign/test');
  });

  it('reports 200 with a body as a response carrying request-id', async () => {
    graph.handler = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'rid-200' }).end(JSON.stringify({ id: 'a1' }));
    const request = writeRequest();
    const outcome = await writer().patch(request);
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 200,
      requestId: 'rid-200',
      clientRequestId: request.clientRequestId,
      retryAfterMs: undefined,
      errorCode: undefined,
      errorMessage: undefined,
    });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports 204 without a body as a response carrying request-id', async () => {
    graph.handler = (_req, res) => res.writeHead(204, { 'request-id': 'rid-204' }).end();
    const outcome = await writer().patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'response', status: 204, requestId: 'rid-204', errorCode: undefined });
  });

  it('reads Retry-After seconds and the error code of a 429, without retrying it', async () => {
    graph.handler = (_req, res) =>
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '7', 'request-id': 'rid-429' })
        .end(graphError('TooManyRequests', 'Too many requests.'));
    const outcome = await writer().patch(writeRequest());
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 429,
      requestId: 'rid-429',
      retryAfterMs: 7000,
      errorCode: 'TooManyRequests',
      errorMessage: 'Too many requests.',
    });
    expect(graph.seen).toHaveLength(1);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    graph.handler = (_req, res) =>
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }).end();
    const outcome = await writer().patch(writeRequest());
    expect(outcome.kind).toBe('response');
    if (outcome.kind !== 'response') return;
    // HTTP dates have whole-second resolution.
    expect(outcome.retryAfterMs).toBeGreaterThan(27_000);
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it.each([
    [400, 'BadRequest', 'Invalid target type.'],
    [404, 'ResourceNotFound', 'Assignment a1 was not found.'],
  ])('reports the Graph error code and message of a %i', async (status, code, message) => {
    graph.handler = (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(graphError(code, message));
    const outcome = await writer().patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'response', status, errorCode: code, errorMessage: message, retryAfterMs: undefined });
  });

  it('reports a 503 without Retry-After once, with no retry delay, leaving retries to the caller', async () => {
    graph.handler = (_req, res) => res.writeHead(503, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
    const outcome = await writer().patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'response', status: 503, retryAfterMs: undefined, errorCode: undefined });
    expect(graph.seen).toHaveLength(1);
  });

  it('returns a redirect as a response instead of following it', async () => {
    graph.handler = (_req, res) => res.writeHead(302, { location: `${graph.baseUrl}/elsewhere` }).end();
    const outcome = await writer().patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'response', status: 302 });
    expect(graph.seen).toHaveLength(1);
  });

  it('reports a connection reset as a network connection failure', async () => {
    graph.handler = (req) => req.socket.destroy();
    const outcome = await writer().patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'network', reason: 'connection', clientRequestId: writeRequest().clientRequestId });
    expect(graph.seen).toHaveLength(1);
  });

  it('reports a refused connection as a network connection failure naming the code', async () => {
    const closed = new FakeGraph();
    await closed.start();
    const baseUrl = closed.baseUrl;
    await closed.stop();
    const outcome = await writer({ baseUrl }).patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'network', reason: 'connection' });
    if (outcome.kind === 'network') expect(outcome.message).toContain('ECONNREFUSED');
  });

  it('times out a hanging server within the timeout, after exactly one request', async () => {
    graph.handler = () => {
      // never answer
    };
    const started = Date.now();
    const outcome = await writer({ timeoutMs: 300 }).patch(writeRequest());
    const took = Date.now() - started;
    expect(outcome).toMatchObject({ kind: 'network', reason: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_500);
    expect(graph.seen).toHaveLength(1);
  });

  it('times out a server that sends headers but never finishes the body', async () => {
    graph.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":');
    };
    const outcome = await writer({ timeoutMs: 300 }).patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'network', reason: 'timeout' });
    expect(graph.seen).toHaveLength(1);
  });

  it('times out a token source that never answers, without calling Graph', async () => {
    const outcome = await writer({ auth: undefined, tokenSource: { getToken: () => new Promise<string>(() => {}) }, timeoutMs: 200 }).patch(writeRequest());
    expect(outcome).toMatchObject({ kind: 'network', reason: 'timeout' });
    expect(graph.seen).toHaveLength(0);
  });

  it('throws GraphAuthError when no token can be had, without calling Graph', async () => {
    const failing = { getToken: () => Promise.reject(new GraphAuthError('managed-identity could not get a Graph token: unreachable')) };
    await expect(writer({ auth: undefined, tokenSource: failing }).patch(writeRequest())).rejects.toBeInstanceOf(GraphAuthError);
    expect(graph.seen).toHaveLength(0);
  });

  it('keeps concurrent calls apart, each with its own client-request-id', async () => {
    graph.handler = (req, res) => res.writeHead(200, { 'request-id': `rid-${String(req.headers['client-request-id'])}` }).end('{}');
    const w = writer();
    const ids = ['c-1', 'c-2', 'c-3', 'c-4'];
    const outcomes = await Promise.all(ids.map((id) => w.patch(writeRequest({ clientRequestId: id }))));
    expect(outcomes.map((o) => (o.kind === 'response' ? o.requestId : undefined))).toEqual(ids.map((id) => `rid-${id}`));
    expect(graph.seen.map((s) => s.headers['client-request-id']).sort()).toEqual(ids);
  });

  it('never puts the static token into an outcome or error', async () => {
    const w = writer({ timeoutMs: 300 });
    const outcomes: GraphWriteOutcome[] = [];
    graph.handler = (_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end(graphError('InvalidAuthenticationToken', 'Access token validation failure.'));
    outcomes.push(await w.patch(writeRequest()));
    graph.handler = (req) => req.socket.destroy();
    outcomes.push(await w.patch(writeRequest()));
    graph.handler = () => {};
    outcomes.push(await w.patch(writeRequest()));
    expect(outcomes.map((o) => o.kind)).toEqual(['response', 'network', 'network']);
    for (const outcome of outcomes) expectNoToken(outcome);
    const badPath = await w.patch(writeRequest({ path: 'https://evil.example/v1.0/x' })).catch((error: unknown) => error);
    expectNoToken(badPath);
  });

  it('refuses a bad base URL or timeout, naming the value', () => {
    expect(() => writer({ baseUrl: 'graph.microsoft.com' })).toThrow(/graph\.microsoft\.com/);
    expect(() => writer({ baseUrl: 'ftp://graph.example' })).toThrow(/ftp:/);
    expect(() => writer({ timeoutMs: 0 })).toThrow(/got 0/);
    expect(() => writer({ timeoutMs: Number.NaN })).toThrow(/NaN/);
  });
});
