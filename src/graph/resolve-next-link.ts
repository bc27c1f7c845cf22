import { GraphReadError } from '../ports/graph-read-error.js';
import type { ApiVersion } from '../catalog/catalog-endpoints.js';

/**
 * Turns an `@odata.nextLink` into a path below the version segment, or throws when the link
 * leaves the Graph root the reader was built for.
 *
 * The link comes from a response body, so it is untrusted: a link to another host (or another
 * scheme, port or base path) would receive our bearer token with the next request. It must have
 * the same origin as `baseUrl`, sit under its path prefix and the same version, and carry no
 * credentials, and name the same collection (only the query may differ). The path returned must not contain `://` either: the Graph client takes the host
 * of any path containing `https://` as the one to call.
 *
 * @param baseUrl - Graph root as `createGraphClient` normalised it (no trailing slash).
 * @param path - The collection being read, to name it in the error.
 */
export function resolveNextLink(link: string, baseUrl: string, apiVersion: ApiVersion, path: string): string {
  const base = new URL(baseUrl);
  const prefix = `${base.pathname.replace(/\/+$/, '')}/${apiVersion}/`;
  let url: URL | undefined;
  try {
    url = new URL(link);
  } catch {
    url = undefined;
  }
  const refuse = (why: string): never => {
    throw new GraphReadError(
      `Refused the @odata.nextLink of ${apiVersion} ${path}: ${why}, and following it could send the Graph token elsewhere. ` +
        `The collection was not read to the end; check the Graph base URL, or report the link Graph returned.`, { retryable: false });
  };
  if (url === undefined) return refuse('it is not an absolute URL');
  if (url.origin !== base.origin) return refuse(`it points to ${url.origin}, not ${base.origin}`);
  if (url.username !== '' || url.password !== '') return refuse('it carries credentials');
  // The URL parser has already resolved dot segments, so a link cannot climb out of the prefix.
  if (!url.pathname.startsWith(prefix)) return refuse(`its path is not under ${prefix}`);
  const relativePath = url.pathname.slice(prefix.length - 1);
  // The next page of a collection is that collection: a link to another resource would have the
  // token read something the caller never asked for, and its items taken as the collection's.
  const requested = path.split('?')[0] ?? path;
  if (relativePath.toLowerCase() !== requested.toLowerCase()) return refuse(`it names ${relativePath}, not the collection ${requested}`);
  const relative = relativePath + url.search;
  if (relative.includes('://')) return refuse('it contains a nested URL');
  return relative;
}
