import { expect } from 'vitest';
import { conformanceErrors, operationOf } from './openapi-conformance.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Operations of the OpenAPI document whose answers this test file has checked. */
export const checkedOperations = new Set<string>();

/**
 * Small JSON client for the service's HTTP API. Every answer to a documented operation under
 * `/api` is checked against the OpenAPI document (status, content type, headers, body), so the
 * document cannot drift from what the service does; `conform: false` skips that for requests
 * the host itself answers.
 */
export async function call<T = any>(url: string, init: RequestInit & { json?: unknown; conform?: boolean } = {}): Promise<ApiResponse<T>> {
  const { json, conform = true, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(rest.headers as Record<string, string>) },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  const method = (rest.method ?? 'GET').toUpperCase();
  const path = new URL(url).pathname;
  if (conform && path.startsWith('/api/')) {
    const operation = operationOf(method, path.slice('/api'.length));
    if (operation) {
      const errors = conformanceErrors({ method, path: path.slice('/api'.length), status: response.status, headers: response.headers, body });
      expect(errors, `the answer conforms to the OpenAPI document (src/http/openapi-*.ts)`).toEqual([]);
      checkedOperations.add(operation);
    }
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

const TERMINAL = new Set(['succeeded', 'partiallySucceeded', 'failed', 'canceled']);

/** Polls a job until it reaches a final status (or the predicate holds). */
export async function waitForJob(
  api: string,
  jobId: string,
  until: (job: any) => boolean = (j) => TERMINAL.has(j.status),
  timeoutMs = 45_000,
  headers: Record<string, string> = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await call(`${api}/jobs/${jobId}`, { headers });
    expect(status).toBe(200);
    if (until(body)) return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${JSON.stringify(body)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every item of a job, following continuation tokens. */
export async function allItems(api: string, jobId: string, query = ''): Promise<any[]> {
  const items: any[] = [];
  let token: string | null = null;
  do {
    const sep = query ? '&' : '';
    const url: string = `${api}/jobs/${jobId}/items?${query}${sep}limit=200${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
    const { status, body } = await call(url);
    expect(status).toBe(200);
    items.push(...body.items);
    token = body.continuationToken;
  } while (token);
  return items;
}
