import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { openApiDocument } from '../../src/http/openapi-document.js';

type Json = Record<string, any>;
const document = openApiDocument as unknown as Json;
const DOCUMENT_ID = 'https://bulk-assign.invalid/openapi.json';

const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is CommonJS: its plugin is the module itself, or its `default` when bundled.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (instance: Ajv2020) => void;
addFormats(ajv);
// Keywords OpenAPI adds to JSON Schema; none is used for validation.
ajv.addKeyword({ keyword: 'discriminator' });
ajv.addSchema({ $id: DOCUMENT_ID, $defs: rewriteRefs(document.components.schemas) as Json });

/** One answer the service gave, as a test saw it. */
export interface ObservedAnswer {
  readonly method: string;
  /** Path under the server URL, e.g. `/jobs/123/items` (no `/api`, no query). */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

const operations = Object.entries(document.paths as Json).map(([template, item]) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  item: item as Json,
}));
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** The documented operation an answer belongs to, as `METHOD /template`, or undefined. */
export function operationOf(method: string, path: string): string | undefined {
  const match = operations.find((o) => o.pattern.test(path));
  return match && match.item[method.toLowerCase()] ? `${method.toUpperCase()} ${match.template}` : undefined;
}

/**
 * Every way an answer departs from the document: an undocumented status, a content type or
 * header the document does not promise, a body its schema refuses. Empty when it conforms.
 */
export function conformanceErrors(answer: ObservedAnswer): string[] {
  const match = operations.find((o) => o.pattern.test(answer.path));
  const where = `${answer.method} ${answer.path} → ${answer.status}`;
  if (!match) return [`${where}: no documented path`];
  const operation = match.item[answer.method.toLowerCase()] as Json | undefined;
  if (!operation) return [`${where}: ${answer.method} is not documented for ${match.template}`];
  let response = operation.responses[String(answer.status)] ?? operation.responses.default;
  if (!response) return [`${where}: status ${answer.status} is not documented for ${answer.method} ${match.template}`];
  const pointer = response.$ref as string | undefined;
  if (pointer) response = document.components.responses[pointer.split('/').pop() as string];
  const errors: string[] = [];
  for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
    const value = answer.headers.get(name);
    if (header.required && value === null) errors.push(`${where}: header ${name} is missing`);
    if (value !== null && header.schema?.pattern && !new RegExp(header.schema.pattern).test(value)) errors.push(`${where}: header ${name} '${value}' does not match ${header.schema.pattern}`);
  }
  const content = response.content as Json | undefined;
  const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!content) {
    if (answer.body !== undefined && answer.body !== '') errors.push(`${where}: the document promises no body`);
    return errors;
  }
  const media = content[type];
  if (!media) return [...errors, `${where}: content type '${type}' is not documented (${Object.keys(content).join(', ')})`];
  const key = `${match.template} ${answer.method} ${answer.status} ${type}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(media.schema) as Json);
    validators.set(key, validate);
  }
  if (!validate(answer.body)) {
    for (const e of validate.errors ?? []) errors.push(`${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return errors;
}

/** The document's schemas are compiled as `$defs` of one schema: `#/components/schemas/X` points there. */
function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace(/^#\/components\/schemas\//, `${DOCUMENT_ID}#/$defs/`) : rewriteRefs(v),
    ]),
  );
}
