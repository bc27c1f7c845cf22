import { expect } from 'vitest';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Small JSON client for the service's HTTP API. */
export async function call<T = any>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<ApiResponse<T>> {
  const { json, ...rest } = init;
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
  return { status: response.status, headers: response.headers, body: body as T };
}

const TERMINAL = new Set(['succeeded', 'partiallySucceeded', 'failed', 'canceled']);

/** Polls a job until it reaches a final status (or the predicate holds). */
export async function waitForJob(api: string, jobId: string, until: (job: any) => boolean = (j) => TERMINAL.has(j.status), timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await call(`${api}/jobs/${jobId}`);
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
