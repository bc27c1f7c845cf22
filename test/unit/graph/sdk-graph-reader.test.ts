import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphReadError } from '../../../src/ports/graph-read-error.js';
import { createSdkGraphReader, type SdkGraphReaderOptions } from '../../../src/graph/sdk-graph-reader.js';

const TOKEN = 'static-token-2b8e41c0-do-not-leak';
const PATH = '/deviceManagement/deviceConfigurations';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for Graph on 127.0.0.1 that records every request it receives. */
class FakeGraph {
  readonly seen: Array<{ url: string | undefined; headers: IncomingHttpHeaders }> = [];
  handler: Handler = (_req, res) => json(res, 200, { value: [] });
  private readonly server: Server = createServer((req, res) => {
    this.seen.push({ url: req.url, headers: req.headers });
    req.resume();
    req.on('end', () => this.handler(req, res));
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Answers page n (from `$skiptoken=n`, 0 without) with one item and a link built by `linkTo`. */
function pages(count: number, linkTo: (next: number) => string): Handler {
  return (req, res) => {
    const page = Number(/\$skiptoken=(\d+)/.exec(req.url ?? '')?.[1] ?? '0');
    json(res, 200, { value: [{ id: `item-${page}` }], ...(page + 1 < count ? { '@odata.nextLink': linkTo(page + 1) } : {}) });
  };
}

let graph: FakeGraph;
const others: FakeGraph[] = [];

beforeEach(async () => {
  graph = await new FakeGraph().start();
});

afterEach(async () => {
  await Promise.all([graph, ...others.splice(0)].map((g) => g.stop()));
});

function reader(options: Partial<SdkGraphReaderOptions> = {}) {
  return createSdkGraphReader({ baseUrl: graph.baseUrl, auth: { mode: 'static-token', token: TOKEN }, timeoutMs: 2_000, ...options } as SdkGraphReaderOptions);
}

function expectNoToken(value: unknown): void {
  const text = value instanceof Error ? `${value.name} ${value.message} ${String(value.stack)}` : JSON.stringify(value);
  expect(text).not.toContain(TOKEN);
}

describe('createSdkGraphReader', () => {
  it('sends the token, Accept and a fresh client-request-id with every GET of the versioned path', async () => {
    const r = reader({ userAgent: 'bulk-assign/test' });
    graph.handler = (_req, res) => json(res, 200, { id: 'p1' });
    expect(await r.get('beta', `${PATH}/p1`)).toEqual({ ok: true, value: { id: 'p1' } });
    await r.get('v1.0', `${PATH}/p1`);
    const [first, second] = graph.seen;
    expect(first?.url).toBe(`/beta${PATH}/p1`);
    expect(second?.url).toBe(`/v1.0${PATH}/p1`);
    expect(first?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first?.headers.accept).toBe('application/json');
    expect(first?.headers['user-agent']).toBe('bulk-assign/test');
    expect(first?.headers['client-request-id']).toMatch(GUID);
    expect(second?.headers['client-request-id']).toMatch(GUID);
    expect(first?.headers['client-request-id']).not.toBe(second?.headers['client-request-id']);
  });

  it('follows @odata.nextLink on the same Graph root to the last page', async () => {
    graph.handler = pages(3, (n) => `${graph.baseUrl}/beta${PATH}?$top=1&$skiptoken=${n}`);
    const result = await reader().list('beta', PATH);
    expect(result).toEqual({ ok: true, value: [{ id: 'item-0' }, { id: 'item-1' }, { id: 'item-2' }] });
    expect(graph.seen.map((s) => s.url)).toEqual([`/beta${PATH}`, `/beta${PATH}?$top=1&$skiptoken=1`, `/beta${PATH}?$top=1&$skiptoken=2`]);
    expect(graph.seen.every((s) => s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('keeps the base URL path prefix when following links', async () => {
    graph.handler = pages(2, (n) => `${graph.baseUrl}/graph/beta${PATH}?$skiptoken=${n}`);
    const result = await reader({ baseUrl: `${graph.baseUrl}/graph/` }).list('beta', PATH);
    expect(result).toMatchObject({ ok: true, value: [{ id: 'item-0' }, { id: 'item-1' }] });
    expect(graph.seen.map((s) => s.url)).toEqual([`/graph/beta${PATH}`, `/graph/beta${PATH}?$skiptoken=1`]);
  });

  it('refuses an @odata.nextLink to another host without sending it anything, and never names the token', async () => {
    const elsewhere = await new FakeGraph().start();
    others.push(elsewhere);
    graph.handler = pages(2, (n) => `${elsewhere.baseUrl}/beta${PATH}?$skiptoken=${n}`);
    const error = await reader().list('beta', PATH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`Refused the @odata.nextLink of beta ${PATH}`);
    expect((error as Error).message).toContain(elsewhere.baseUrl);
    expectNoToken(error);
    expect(elsewhere.seen).toHaveLength(0);
    expect(graph.seen).toHaveLength(1);
  });

  it.each([
    ['another version', (base: string) => `${base}/v1.0${PATH}?$skiptoken=1`],
    ['another scheme', (base: string) => `${base.replace('http:', 'https:')}/beta${PATH}?$skiptoken=1`],
    ['another port', (base: string) => `${base.replace(/:\d+$/, ':1')}/beta${PATH}?$skiptoken=1`],
    ['credentials', (base: string) => `${base.replace('//', '//user:secret@')}/beta${PATH}?$skiptoken=1`],
    ['dot segments climbing out of the version', (base: string) => `${base}/beta/../elsewhere${PATH}`],
    ['a nested URL the client would take for its host', (base: string) => `${base}/beta${PATH}?next=https://evil.example/beta/x`],
    ['a relative link', () => `/beta${PATH}?$skiptoken=1`],
    ['another resource on the same Graph root', (base: string) => `${base}/beta/users?$skiptoken=1`],
  ])('refuses an @odata.nextLink with %s, after reading only the first page', async (_name, link) => {
    graph.handler = (req, res) => json(res, 200, { value: [{ id: 'a' }], '@odata.nextLink': link(graph.baseUrl) });
    const error = await reader().list('beta', PATH).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Refused the @odata\.nextLink/);
    expectNoToken(error);
    expect(graph.seen).toHaveLength(1);
  });

  it('refuses a next link outside the base URL path prefix', async () => {
    graph.handler = pages(2, (n) => `${graph.baseUrl}/beta${PATH}?$skiptoken=${n}`);
    const error = await reader({ baseUrl: `${graph.baseUrl}/graph` }).list('beta', PATH).catch((e: unknown) => e);
    expect((error as Error).message).toContain('is not under /graph/beta/');
    expect(graph.seen).toHaveLength(1);
  });

  it('stops following links after maxPages pages', async () => {
    graph.handler = pages(1_000_000, (n) => `${graph.baseUrl}/beta${PATH}?$skiptoken=${n}`);
    await expect(reader({ maxPages: 3 }).list('beta', PATH)).rejects.toThrow(/more than 3 pages/);
    expect(graph.seen).toHaveLength(3);
  });

  it('stops at a link that leads back to an earlier page', async () => {
    graph.handler = pages(1_000_000, () => `${graph.baseUrl}/beta${PATH}?$skiptoken=1`);
    await expect(reader().list('beta', PATH)).rejects.toThrow(/links back to an earlier page/);
    expect(graph.seen).toHaveLength(2);
  });

  it("returns a 404 as Graph's refusal with its code, message and request-id", async () => {
    graph.handler = (_req, res) =>
      json(res, 404, { error: { code: 'ResourceNotFound', message: 'Policy p9 was not found.' } }, { 'request-id': 'rid-404' });
    expect(await reader().get('beta', `${PATH}/p9`)).toEqual({
      ok: false,
      status: 404,
      errorCode: 'ResourceNotFound',
      errorMessage: 'Policy p9 was not found.',
      requestId: 'rid-404',
    });
  });

  it('throws GraphReadError at once on a 503, naming path, status and code but not the token', async () => {
    graph.handler = (_req, res) => json(res, 503, { error: { code: 'ServiceUnavailable', message: 'Try later.' } }, { 'retry-after': '5' });
    const error = await reader().get('beta', PATH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphReadError);
    expect((error as Error).message).toContain(`GET beta ${PATH} failed: 503 ServiceUnavailable`);
    expectNoToken(error);
    expect(graph.seen).toHaveLength(1);
  });

  it('hands a wrapper the status, Retry-After and parsed body of one GET through send', async () => {
    graph.handler = (_req, res) =>
      json(res, 429, { error: { code: 'TooManyRequests', message: 'Slow down.' } }, { 'retry-after': '7', 'request-id': 'rid-429' });
    const attempt = await reader().send({ apiVersion: 'beta', path: PATH });
    expect(attempt).toMatchObject({ kind: 'response', status: 429, retryAfterMs: 7000, errorCode: 'TooManyRequests', requestId: 'rid-429' });
    expect(attempt.clientRequestId).toBe(graph.seen[0]?.headers['client-request-id']);
  });

  it('reports a server that never answers as a timeout, and a reset as a connection failure', async () => {
    const r = reader({ timeoutMs: 300 });
    graph.handler = () => {};
    expect(await r.send({ apiVersion: 'beta', path: PATH })).toMatchObject({ kind: 'network', reason: 'timeout' });
    graph.handler = (req) => req.socket.destroy();
    const reset = await r.send({ apiVersion: 'beta', path: PATH });
    expect(reset).toMatchObject({ kind: 'network', reason: 'connection' });
    expectNoToken(reset);
  });

  it('refuses a path that is not below the version segment, without calling Graph', async () => {
    const error = await reader().get('beta', 'https://evil.example/beta/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expectNoToken(error);
    expect(graph.seen).toHaveLength(0);
  });

  it('throws, naming the path, when a 200 carries no JSON object', async () => {
    graph.handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal</html>');
    await expect(reader().get('beta', PATH)).rejects.toThrow(`GET beta ${PATH} answered 200 without a JSON object`);
  });
});
