import { app, type HttpResponseInit } from '@azure/functions';
import { openApiDocument } from '../src/http/openapi-document.js';

/** GET /api/openapi.json: the OpenAPI 3.1 document of this API, for client generators; anonymous. */
export async function openApiHandler(): Promise<HttpResponseInit> {
  return { status: 200, jsonBody: openApiDocument };
}

app.http('get-openapi-document', { route: 'openapi.json', methods: ['GET'], authLevel: 'anonymous', handler: openApiHandler });
