import { parseArgs } from 'node:util';
import { startLocalStack, type LocalStack } from './start-local-stack.js';

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

let starting: Promise<LocalStack> | undefined;
let stopping = false;
/** Stops what started; a stop asked for during start-up waits for it, so that no child is left running. */
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('Stopping…');
    await starting?.then((stack) => stack.stop(), () => undefined);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  starting = startLocalStack({ env: process.env, instances });
  const stack = await starting;
  console.log(`Ready: ${stack.api}/health — Ctrl-C stops everything.`);
  await Promise.race(stack.hosts.map((h) => h.exited));
  if (!stopping) {
    console.error('A host process ended unexpectedly.');
    await stopAll(1);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
