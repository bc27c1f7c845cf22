/** What the baseline-b function app needs from its environment, read once at load. */
export interface BaselineSettings {
  /** `BASELINE_QUEUE`: the one queue both bulk and interactive PATCHes go to. */
  readonly queueName: string;
  /** `GRAPH_BASE_URL`: the simulator's root. */
  readonly graphBaseUrl: string;
  /** `GRAPH_STATIC_TOKEN`: the simulator's bearer token. */
  readonly graphToken: string;
  /**
   * `BASELINE_CONCURRENCY`: Graph calls in flight per host process.
   * @default 16
   */
  readonly concurrency: number;
}

/** Fails at load, naming every missing or bad setting, rather than on the first message. */
export function readBaselineSettings(env: NodeJS.ProcessEnv): BaselineSettings {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const queueName = required('BASELINE_QUEUE');
  const graphBaseUrl = required('GRAPH_BASE_URL');
  const graphToken = required('GRAPH_STATIC_TOKEN');
  const rawConcurrency = env.BASELINE_CONCURRENCY?.trim() || '16';
  const concurrency = Number(rawConcurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    problems.push(`BASELINE_CONCURRENCY must be a whole number from 1 to 256, got '${rawConcurrency}'`);
  }
  if (problems.length > 0) throw new Error(`baseline-b settings: ${problems.join('; ')}`);
  return Object.freeze({ queueName, graphBaseUrl, graphToken, concurrency });
}
