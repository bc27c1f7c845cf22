import { app, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { checkHealth } from '../src/health/check-health.js';

/** GET /api/health: storage reachability and the settings in force (no secrets). */
export async function healthHandler(): Promise<HttpResponseInit> {
  const report = await checkHealth(getServices());
  return { status: report.status === 'healthy' ? 200 : 503, jsonBody: report };
}

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: healthHandler });
