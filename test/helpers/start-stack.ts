import { inject } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createGraphSimulator, type GraphSimulator } from '../../tools/graph-sim/create-graph-simulator.js';
import type { GraphSimulatorOptions } from '../../tools/graph-sim/graph-simulator-options.js';
import { startHostProcess, type HostProcess } from '../../tools/local-host/start-host-process.js';
import { uniquePrefix } from './unique-prefix.js';
import { freePort } from '../../tools/local-host/free-port.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'integration-test-token';
/** Tests run the compiled app, as `npm start` and Azure do; `npm test` builds first. */
const HOST_ENTRY = fileURLToPath(new URL('../../dist/tools/local-host/functions-host/main.js', import.meta.url));

export interface Stack {
  readonly api: string;
  readonly sim: GraphSimulator;
  readonly prefix: string;
  readonly env: NodeJS.ProcessEnv;
  readonly hosts: HostProcess[];
  /** Starts one more host instance on the same storage (a restart, or scale-out). */
  addHost(extraEnv?: NodeJS.ProcessEnv): Promise<HostProcess>;
  stop(): Promise<void>;
  /** Host output so far, for assertions about logs. */
  readonly output: string[];
}

/**
 * The real thing, small: the compiled app in a local Functions host process, on the run's
 * Azurite with queue and table names of its own, writing to an in-process Graph simulator.
 */
export async function startStack(options: { env?: NodeJS.ProcessEnv; sim?: GraphSimulatorOptions; label?: string } = {}): Promise<Stack> {
  const sim = createGraphSimulator({ tokens: { [TOKEN]: 'bulk-assign-test' }, ...options.sim });
  const { url } = await sim.listen(0);
  const port = await freePort();
  const prefix = uniquePrefix(options.label);
  const output: string[] = [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AzureWebJobsStorage: inject('storageConnection'),
    PORT: String(port),
    GRAPH_BASE_URL: url,
    GRAPH_AUTH: 'static-token',
    GRAPH_STATIC_TOKEN: TOKEN,
    BULK_ASSIGN_NAME_PREFIX: prefix,
    GRAPH_TIMEOUT_SECONDS: '5',
    ...options.env,
  };
  const hosts: HostProcess[] = [];
  const addHost = async (extraEnv: NodeJS.ProcessEnv = {}) => {
    const host = await startHostProcess({
      cwd: PROJECT_ROOT,
      env: { ...env, ...(hosts.some((h) => h.child.exitCode === null && h.child.signalCode === null) ? { LOCAL_HOST_HTTP: '0' } : {}), ...extraEnv },
      label: `host-${hosts.length + 1}`,
      entry: HOST_ENTRY,
      output: (line) => output.push(line),
    });
    hosts.push(host);
    return host;
  };
  await addHost();
  return {
    api: `http://127.0.0.1:${port}/api`,
    sim,
    prefix,
    env,
    hosts,
    addHost,
    output,
    async stop() {
      await Promise.allSettled(hosts.map((h) => h.stop()));
      await sim.close();
    },
  };
}
