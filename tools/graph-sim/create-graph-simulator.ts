import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimRequestHandler } from './create-sim-request-handler.js';
import type { PolicyKind } from '../../src/catalog/catalog-endpoints.js';
import type { ActiveFault, FaultRule } from './fault-rule.js';
import { parsePolicyKinds, resolveGraphSimulatorOptions, type GraphSimulatorOptions } from './graph-simulator-options.js';
import { inspectAssignments } from './inspect-assignments.js';
import type { StoredAssignment } from './policy-store.js';
import type { SimSeed } from './sim-seed.js';
import { SimRuntime } from './sim-runtime.js';
import type { GraphSimulatorStats, WriteLogEntry } from './write-recorder.js';

export interface GraphSimulator {
  /**
   * Starts serving. Port 0 picks a free port; the URL names the port actually bound. Point a
   * Graph client's base URL at it (the version segment goes in the request path, as with Graph).
   */
  listen(port?: number, host?: string): Promise<{ url: string }>;
  /** Stops serving and drops open connections, hanging ones included. Safe to call twice. */
  close(): Promise<void>;
  /** Base URL while listening. */
  readonly url: string | undefined;
  /** Counters and window peaks; see {@link GraphSimulatorStats}. */
  stats(): GraphSimulatorStats;
  /** Write attempts in arrival order, from index `since`. */
  writes(since?: number): WriteLogEntry[];
  /** Replaces the fault rules (validated; throws naming the bad value). */
  setFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  /** Rules with their use counts. */
  faults(): ActiveFault[];
  /**
   * Makes the item-level assignment routes of these policy kinds refuse writes with Graph's
   * "No OData route exists" (and the others serve them); see `refuseItemRoutes`.
   */
  setRefusedItemRoutes(kinds: readonly PolicyKind[]): void;
  /** The policy kinds whose item-level routes refuse writes now. */
  refusedItemRoutes(): PolicyKind[];
  /** Seed state back; log, windows and faults cleared; item routes as the options say. */
  reset(): void;
  /**
   * The stored assignment at a catalog path (any form `resolveGraphPath` accepts), or undefined
   * when the policy or assignment does not exist. Throws for a path outside the catalog.
   */
  getAssignment(path: string): StoredAssignment | undefined;
  /** The assignments of a collection path (`…/assignments`), or undefined when its owner does not exist. */
  listAssignments(path: string): StoredAssignment[] | undefined;
  /** A deep copy of all state, shaped like the seed. */
  snapshot(): SimSeed;
}

/** A stand-in for Microsoft Graph serving every endpoint of the catalog over real HTTP. */
export function createGraphSimulator(options: GraphSimulatorOptions = {}): GraphSimulator {
  const rt = new SimRuntime(resolveGraphSimulatorOptions(options));
  const handler = createSimRequestHandler(rt);
  let server: Server | undefined;
  let url: string | undefined;

  const inspect = (path: string) => {
    const found = inspectAssignments(rt.store, path);
    if (found.kind === 'invalidPath') throw new Error(`${JSON.stringify(path)}: ${found.message}`);
    return found;
  };

  return {
    get url() {
      return url;
    },
    async listen(port = 0, host = '127.0.0.1') {
      if (server) throw new Error(`The simulator is already listening on ${url ?? 'a port'}`);
      const s = createServer(handler);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          resolve();
        });
      }).catch((error: unknown) => {
        server = undefined;
        throw error;
      });
      const bound = (s.address() as AddressInfo).port;
      url = `http://${urlHost(host)}:${bound}`;
      return { url };
    },
    async close() {
      const s = server;
      if (!s) return;
      server = undefined;
      url = undefined;
      rt.cancelTimers();
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        // Hanging requests and idle keep-alive sockets would otherwise hold close() open.
        s.closeAllConnections();
      });
    },
    stats: () => rt.stats(),
    writes: (since = 0) => rt.recorder.entries(since),
    setFaults: (rules) => rt.faults.set(rules),
    clearFaults: () => rt.faults.clear(),
    faults: () => rt.faults.list(),
    setRefusedItemRoutes(kinds) {
      rt.refusedItemRoutes = new Set(parsePolicyKinds(kinds, 'kinds'));
    },
    refusedItemRoutes: () => [...rt.refusedItemRoutes],
    reset: () => rt.reset(),
    getAssignment(path) {
      const found = inspect(path);
      if (found.kind === 'collection') throw new Error(`${JSON.stringify(path)} names a collection; use listAssignments`);
      return found.kind === 'assignment' ? found.value : undefined;
    },
    listAssignments(path) {
      const found = inspect(path);
      if (found.kind === 'assignment') throw new Error(`${JSON.stringify(path)} names one assignment; use getAssignment`);
      return found.kind === 'collection' ? found.value : undefined;
    },
    snapshot: () => rt.store.snapshot(),
  };
}

/** A host as it must appear in a URL; wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
