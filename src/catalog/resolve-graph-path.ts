import { API_VERSIONS, CATALOG_ENDPOINTS, type ApiVersion, type CatalogEndpoint } from './catalog-endpoints.js';

/** An id segment: what Graph ids look like, and nothing that can climb or escape a path. */
export const ID_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

/** Hosts a full URL may name. */
const GRAPH_HOSTS = new Set(['graph.microsoft.com']);

export interface ResolvedPath {
  readonly endpoint: CatalogEndpoint;
  /** Version named by the path prefix or URL, if any. */
  readonly pathVersion: ApiVersion | undefined;
  /** Values of the template's `{name}` segments. */
  readonly params: Readonly<Record<string, string>>;
}

export type PathResolution = { ok: true; value: ResolvedPath } | { ok: false; message: string };

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/** A submitted path split into its segments below the version, and the version it names. */
export interface GraphPathSegments {
  readonly segments: readonly string[];
  readonly pathVersion: ApiVersion | undefined;
}

/**
 * Matches a submitted path against the catalog. Accepts `/deviceManagement/…`, the same with a
 * `/v1.0` or `/beta` prefix, or a full `https://graph.microsoft.com/{version}/…` URL. Literal
 * segments match case-insensitively (as Graph does); id segments must match {@link ID_SEGMENT}.
 * Query strings, fragments, percent-encoding, dot segments and empty segments are refused, so
 * no input can name a path outside the catalog.
 */
export function resolveGraphPath(input: string): PathResolution {
  const split = splitGraphPath(input);
  if (!split.ok) return split;
  const { segments, pathVersion } = split.value;
  for (const endpoint of CATALOG_ENDPOINTS) {
    const params = matchTemplate(endpoint.template, segments);
    if (params) return { ok: true, value: { endpoint, pathVersion, params } };
  }
  return fail('is not an assignment endpoint in the catalog');
}

/**
 * The segments of a submitted path, in any of the forms {@link resolveGraphPath} accepts, with
 * everything it refuses refused here: what is left can only be matched against templates.
 */
export function splitGraphPath(input: string): { ok: true; value: GraphPathSegments } | { ok: false; message: string } {
  let path = input;
  // Printable ASCII only: some non-ASCII letters lower-case to ASCII ones (the Kelvin sign to 'k').
  if (!/^[\x21-\x7e]+$/.test(path)) return fail('must be printable ASCII without spaces');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return fail('is not a valid URL');
    }
    if (url.protocol !== 'https:' || !GRAPH_HOSTS.has(url.hostname) || url.port !== '') {
      return fail('a full URL must be https://graph.microsoft.com/…');
    }
    if (url.username || url.password) return fail('must not carry credentials');
    // URL parsing normalises dot segments and escapes; compare with the raw text to refuse them.
    const authorityAndPath = path.slice(path.indexOf('//') + 2);
    const slash = authorityAndPath.indexOf('/');
    const rawPath = slash < 0 ? '' : authorityAndPath.slice(slash);
    if (rawPath !== url.pathname) return fail('must not contain a query, fragment or encoded characters');
    path = rawPath;
  }
  if (!path.startsWith('/')) return fail("must start with '/'");
  if (/[?#%\\]/.test(path)) return fail("must not contain '?', '#', '%' or '\\'");
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return fail('must not contain empty or dot segments');
  }
  let pathVersion: ApiVersion | undefined;
  const first = segments[0] ?? '';
  const version = API_VERSIONS.find((v) => v === first.toLowerCase());
  if (version) {
    pathVersion = version;
    segments.shift();
  }
  return { ok: true, value: { segments, pathVersion } };
}

/** The template's `{name}` values in `segments`, or undefined when they do not match it. */
export function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.slice(1).split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const segment = segments[i] as string;
    if (part.startsWith('{')) {
      if (!ID_SEGMENT.test(segment)) return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part.toLowerCase() !== segment.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

/**
 * Builds the canonical path (without version) of an endpoint from its parameters. Throws when a
 * parameter is missing or not an id: callers hold parameters that {@link resolveGraphPath}
 * produced, so a throw here means stored data was tampered with.
 */
export function expandTemplate(endpoint: CatalogEndpoint, params: Readonly<Record<string, string>>): string {
  return endpoint.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || !ID_SEGMENT.test(value)) {
      throw new Error(`Parameter ${name} of ${endpoint.id} is missing or not an id`);
    }
    return value;
  });
}

/** Names of the `{name}` segments of a template, in order. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}
