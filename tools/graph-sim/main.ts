import { createGraphSimulator } from './create-graph-simulator.js';
import { DEFAULT_SIM_APP_ID, DEFAULT_SIM_TOKEN, policyKindsFromEnv, type GraphSimulatorOptions } from './graph-simulator-options.js';
import { parseRateLimit } from './parse-rate-limit.js';

/*
 * `npm run graph-sim`: the simulator on its own, for manual tests and out-of-process benchmarks.
 *   GRAPH_SIM_PORT               port (default 7072; 0 picks a free one)
 *   GRAPH_SIM_HOST               interface (default 127.0.0.1)
 *   GRAPH_SIM_TOKEN              bearer token accepted (default the dev token, printed)
 *   GRAPH_SIM_WRITE_LIMIT        writes per app, e.g. 100/20s (default 100/20s)
 *   GRAPH_SIM_TENANT_WRITE_LIMIT writes per tenant, e.g. 200/20s (default 200/20s)
 *   GRAPH_SIM_REFUSE_ITEM_ROUTES policy kinds whose item routes refuse writes, comma-separated (default none)
 */

function readConfig(env: NodeJS.ProcessEnv): { port: number; host: string; token: string; options: GraphSimulatorOptions } {
  const portText = env.GRAPH_SIM_PORT ?? '7072';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new RangeError(`GRAPH_SIM_PORT must be a port number, got ${JSON.stringify(portText)}`);
  const token = env.GRAPH_SIM_TOKEN || DEFAULT_SIM_TOKEN;
  const perApp = env.GRAPH_SIM_WRITE_LIMIT ? parseRateLimit(env.GRAPH_SIM_WRITE_LIMIT) : undefined;
  const perTenant = env.GRAPH_SIM_TENANT_WRITE_LIMIT ? parseRateLimit(env.GRAPH_SIM_TENANT_WRITE_LIMIT) : undefined;
  return {
    port,
    host: env.GRAPH_SIM_HOST || '127.0.0.1',
    token,
    options: {
      tokens: { [token]: DEFAULT_SIM_APP_ID },
      writeLimit: { ...(perApp ? { perApp } : {}), ...(perTenant ? { perTenant } : {}) },
      refuseItemRoutes: policyKindsFromEnv(env.GRAPH_SIM_REFUSE_ITEM_ROUTES, 'GRAPH_SIM_REFUSE_ITEM_ROUTES'),
    },
  };
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const sim = createGraphSimulator(config.options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Graph simulator stopping (${signal})`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  // Before listening, so that a signal during start-up stops the process cleanly too.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const { url } = await sim.listen(config.port, config.host);
  const { writeLimit } = sim.stats().limits;
  const per = (l: { count: number; windowMs: number }) => `${l.count} per ${l.windowMs / 1000} s`;
  console.log(`Graph simulator listening on ${url}`);
  console.log(`  bearer token: ${config.token} (app ${DEFAULT_SIM_APP_ID})`);
  console.log(`  write limit:  ${per(writeLimit.perApp)} per app, ${per(writeLimit.perTenant)} per tenant`);
  console.log(`  control API:  ${url}/_sim`);
}

main().catch((error: unknown) => {
  console.error(`Graph simulator failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
