import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startAzurite, type RunningAzurite } from './start-azurite.js';
import { startHostProcess, type HostProcess } from './start-host-process.js';
import { createGraphSimulator, type GraphSimulator } from './graph-sim/create-graph-simulator.js';
import { parseRate } from '../config/parse-rate.js';

/**
 * `npm start`: the whole service on embedded defaults. Azurite (unless AzureWebJobsStorage is
 * set), the Graph simulator (unless GRAPH_BASE_URL is set) and the local Functions host on PORT.
 * `--instances N` runs N host processes against the same storage, as Azure scales out; the
 * first serves HTTP, all of them run the queue triggers.
 */
const { values } = parseArgs({ options: { instances: { type: 'string', default: '1' } } });
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 1 || instances > 16) {
  console.error(`--instances must be a whole number from 1 to 16, got '${values.instances}'`);
  process.exit(2);
}

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const env: NodeJS.ProcessEnv = { ...process.env, PORT: process.env.PORT ?? '7071' };
let azurite: RunningAzurite | undefined;
let simulator: GraphSimulator | undefined;
const hosts: HostProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('Stopping…');
    await Promise.allSettled(hosts.map((h) => h.stop()));
    await simulator?.close();
    await azurite?.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  if (!env.AzureWebJobsStorage) {
    const location = env.LOCAL_STORAGE_DIR;
    azurite = await startAzurite(location ? { location } : {});
    env.AzureWebJobsStorage = azurite.connection;
    console.log(`Azurite: blob ${azurite.ports.blob}, queue ${azurite.ports.queue}, table ${azurite.ports.table} (${location ? `data in ${location}` : 'in memory'})`);
  }
  if (!env.GRAPH_BASE_URL) {
    // A fresh token each start: the simulator checks it exactly as Graph checks a real one.
    const token = randomBytes(24).toString('base64url');
    const writeLimit = parseRate(env.GRAPH_SIM_WRITE_LIMIT ?? '100/20s');
    simulator = createGraphSimulator({
      tokens: { [token]: 'bulk-assign' },
      ...(writeLimit ? { writeLimit: { perApp: writeLimit } } : {}),
    });
    const { url } = await simulator.listen(Number(env.GRAPH_SIM_PORT ?? 7072));
    Object.assign(env, { GRAPH_BASE_URL: url, GRAPH_AUTH: 'static-token', GRAPH_STATIC_TOKEN: token });
    console.log(`Graph simulator: ${url} (control API at ${url}/_sim/stats)`);
  }
  for (let i = 0; i < instances; i++) {
    hosts.push(
      await startHostProcess({
        cwd: projectRoot,
        env: { ...env, ...(i > 0 ? { LOCAL_HOST_HTTP: '0' } : {}) },
        label: instances > 1 ? `host ${i + 1}` : 'host',
      }),
    );
  }
  console.log(`Ready: http://127.0.0.1:${env.PORT}/api/health — Ctrl-C stops everything.`);
  await Promise.race(hosts.map((h) => h.exited));
  if (!stopping) {
    console.error('A host process ended unexpectedly.');
    await stopAll(1);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
