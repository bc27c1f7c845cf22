import { fileURLToPath } from 'node:url';

/**
 * The benchmark runs compiled from `dist/bench/`, but its results belong next to its sources in
 * `bench/out/`, where the README picks them up; both are found from this file's own location.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where results, the chart and the host logs of each contender are written. */
export const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
