import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseRate } from '../../src/model/rate.js';
import { createGraphSimulator, type GraphSimulator } from '../graph-sim/create-graph-simulator.js';
import { policyKindsFromEnv } from '../graph-sim/graph-simulator-options.js';
import type { GraphSimulatorOptions } from '../graph-sim/graph-simulator-options.js';
import { loadConfig } from '../../src/config/load-config.js';
import { sampleDesiredState } from './sample-desired-state.js';
import { seedDesiredState } from './seed-desired-state.js';
import { startAzurite, type RunningAzurite } from './start-azurite.js';
import { startHostProcess, type HostProcess } from './start-host-process.js';

export interface LocalStackOptions {
  /** Settings for the app; AzureWebJobsStorage and GRAPH_BASE_URL, when set, replace Azurite and the simulator. */
  readonly env: NodeJS.ProcessEnv;
  /** Host processes on the same storage; the first serves HTTP. @default 1 */
  readonly instances?: number;
  /** Options of the simulator when one is started. */
  readonly simulator?: GraphSimulatorOptions;
  /** Where host output goes. @default stdout with a prefix */
  readonly output?: (line: string) => void;
  /** Where a line about each part goes. @default console.log */
  readonly say?: (line: string) => void;
}

export interface LocalStack {
  readonly api: string;
  readonly env: NodeJS.ProcessEnv;
  readonly simulator: GraphSimulator | undefined;
  readonly hosts: readonly HostProcess[];
  stop(): Promise<void>;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Azurite (unless storage is configured), the Graph simulator (unless GRAPH_BASE_URL is set)
 * and N local Functions host processes, as `npm start` and the benchmark run them.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const say = options.say ?? ((line: string) => console.log(line));
  const env: NodeJS.ProcessEnv = { ...options.env, PORT: options.env.PORT ?? '7071' };
  let azurite: RunningAzurite | undefined;
  let simulator: GraphSimulator | undefined;
  const hosts: HostProcess[] = [];
  const stop = async () => {
    await Promise.allSettled(hosts.map((h) => h.stop()));
    await simulator?.close();
    await azurite?.stop();
  };
  try {
    if (!env.AzureWebJobsStorage) {
      const location = env.LOCAL_STORAGE_DIR;
      azurite = await startAzurite(location ? { location } : {});
      env.AzureWebJobsStorage = azurite.connection;
      say(`Azurite: blob ${azurite.ports.blob}, queue ${azurite.ports.queue}, table ${azurite.ports.table} (${location ? `data in ${location}` : 'in memory'})`);
    }
    if (!env.GRAPH_BASE_URL) {
      // A fresh token each start: the simulator checks it exactly as Graph checks a real one.
      const token = randomBytes(24).toString('base64url');
      const writeLimit = parseRate(env.GRAPH_SIM_WRITE_LIMIT ?? '100/20s');
      simulator = createGraphSimulator({
        tokens: { [token]: 'bulk-assign' },
        ...(writeLimit ? { writeLimit: { perApp: writeLimit } } : {}),
        refuseItemRoutes: policyKindsFromEnv(env.GRAPH_SIM_REFUSE_ITEM_ROUTES, 'GRAPH_SIM_REFUSE_ITEM_ROUTES'),
        ...options.simulator,
      });
      const { url } = await simulator.listen(Number(env.GRAPH_SIM_PORT ?? 7072));
      Object.assign(env, { GRAPH_BASE_URL: url, GRAPH_AUTH: 'static-token', GRAPH_STATIC_TOKEN: token });
      say(`Graph simulator: ${url} (control API at ${url}/_sim/stats)`);
      // The sample names the seeded policies, so it is only offered with the simulator's own seed.
      if (options.simulator?.seed === undefined) await seedSample(env, say);
    }
    const instances = options.instances ?? 1;
    for (let i = 0; i < instances; i++) {
      hosts.push(
        await startHostProcess({
          cwd: PROJECT_ROOT,
          env: { ...env, ...(i > 0 ? { LOCAL_HOST_HTTP: '0' } : {}) },
          label: instances > 1 ? `host ${i + 1}` : 'host',
          ...(options.output ? { output: options.output } : {}),
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { api: `http://127.0.0.1:${env.PORT}/api`, env, simulator, hosts, stop };
}

async function seedSample(env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<void> {
  const { storageConnection, reconcile } = loadConfig(env);
  const seeded = await seedDesiredState(storageConnection, reconcile.desiredStateContainer, sampleDesiredState());
  if (seeded > 0) say(`Desired state: ${seeded} sample documents in container '${reconcile.desiredStateContainer}'`);
}
