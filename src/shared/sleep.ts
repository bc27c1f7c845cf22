/** Waits `ms` and resolves with the time actually waited. */
export async function sleep(ms: number): Promise<number> {
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  return performance.now() - started;
}
