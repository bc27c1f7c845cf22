import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { problemResponse } from '../src/http/problem-response.js';
import { STATUS_PAGE_CSP, statusAsset } from '../src/http/status-page-assets.js';

/**
 * GET /api/status (the page) and /api/status/{asset} (its script and style). Anonymous: the
 * files hold no data; the page reads the API with the caller's own identity, so each of those
 * requests is checked as any other caller's.
 */
export async function statusPageHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const name = request.params.asset ?? '';
  const asset = statusAsset(name);
  if (!asset) return problemResponse(404, 'not-found', 'No such file', `The status page has no file '${name.slice(0, 100)}'.`);
  const headers = {
    'Content-Type': asset.contentType,
    'Content-Security-Policy': STATUS_PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
    ETag: asset.etag,
  };
  if (request.headers.get('if-none-match') === asset.etag) return { status: 304, headers };
  return { status: 200, headers, body: asset.body };
}

app.http('status-page', { route: 'status', methods: ['GET'], authLevel: 'anonymous', handler: statusPageHandler });
app.http('status-page-asset', { route: 'status/{asset}', methods: ['GET'], authLevel: 'anonymous', handler: statusPageHandler });
