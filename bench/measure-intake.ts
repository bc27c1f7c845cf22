import { mkdirSync, writeFileSync } from 'node:fs';
import { COMPLIANCE_POLICY_ID } from '../tools/graph-sim/seed-data.js';
import { startLocalStack } from '../tools/local-host/start-local-stack.js';
import { freePort } from '../tools/local-host/free-port.js';

/**
 * Time for `POST /api/jobs` to accept a 10,000-item batch: validation, the job and item rows,
 * 10,000 queue messages, and the 202. Workers run meanwhile, as they would in production.
 */
const ITEMS = 10_000;
const RUNS = Number(process.env.BENCH_INTAKE_RUNS ?? 3);

function batch(run: number) {
  return {
    label: `intake benchmark run ${run}`,
    priority: 'bulk',
    items: Array.from({ length: ITEMS }, (_, n) => ({
      ref: `row-${n}`,
      path: `/deviceManagement/deviceCompliancePolicies/${COMPLIANCE_POLICY_ID}/assignments/bench-${run}-${n}`,
      body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `group-${n % 50}` } },
    })),
  };
}

const stack = await startLocalStack({
  env: { ...process.env, PORT: String(await freePort()), GRAPH_SIM_PORT: '0', BULK_ASSIGN_NAME_PREFIX: 'benchintake' },
  output: () => {},
  say: () => {},
});
try {
  const timings: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const body = JSON.stringify(batch(run));
    const started = performance.now();
    const response = await fetch(`${stack.api}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await response.json()) as { itemCount?: number };
    const ms = performance.now() - started;
    if (response.status !== 202 || answer.itemCount !== ITEMS) throw new Error(`run ${run}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
    timings.push(ms);
    console.log(`run ${run}: ${ITEMS} items accepted in ${(ms / 1000).toFixed(2)} s (${(body.length / 1e6).toFixed(1)} MB body)`);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const result = { items: ITEMS, runs: RUNS, secondsMin: sorted[0]! / 1000, secondsMedian: sorted[Math.floor(sorted.length / 2)]! / 1000, secondsMax: sorted.at(-1)! / 1000 };
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./out/intake.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`median ${result.secondsMedian.toFixed(2)} s to accept ${ITEMS} items`);
} finally {
  await stack.stop();
}
