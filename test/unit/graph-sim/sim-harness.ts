import { afterEach } from 'vitest';
import { createGraphSimulator, type GraphSimulator } from '../../../tools/graph-sim/create-graph-simulator.js';
import { DEFAULT_SIM_TOKEN, type GraphSimulatorOptions } from '../../../tools/graph-sim/graph-simulator-options.js';

export interface SimResponse {
  readonly status: number;
  readonly headers: Headers;
  // Tests read Graph JSON freely; each assertion states the shape it expects.
  readonly body: any;
}

export interface CallOptions {
  /** Bearer token; null sends no Authorization header. Defaults to the dev token. */
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface SimHarness {
  readonly sim: GraphSimulator;
  readonly url: string;
  call(method: string, path: string, options?: CallOptions): Promise<SimResponse>;
}

const open: GraphSimulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

/** A simulator on a free port, closed after the test. */
export async function startSim(options: GraphSimulatorOptions = {}): Promise<SimHarness> {
  const sim = createGraphSimulator(options);
  open.push(sim);
  const { url } = await sim.listen(0);
  return {
    sim,
    url,
    async call(method, path, options = {}) {
      const token = options.token === undefined ? DEFAULT_SIM_TOKEN : options.token;
      const headers: Record<string, string> = { ...options.headers };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)): { now: () => number; advance(ms: number): void; set(at: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    set(at) {
      now = at;
    },
  };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
