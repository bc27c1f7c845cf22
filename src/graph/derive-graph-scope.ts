/** Scope of a token for the global Graph service. */
export const DEFAULT_GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Graph hosts of the Microsoft clouds whose tokens are issued for the host itself (the token
 * audience is the national-cloud Graph root, e.g. `https://graph.microsoft.us`).
 */
const CLOUD_GRAPH_HOSTS: ReadonlySet<string> = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/**
 * The token scope to ask for when calling Graph at `baseUrl`.
 *
 * An https Microsoft cloud host gets `<origin>/.default`, so a US Government or China deployment
 * works by changing `GRAPH_BASE_URL` alone. Anything else (a plain-http simulator, a proxy in
 * front of Graph) keeps the global scope: such hosts either ignore the token or forward it to
 * the global service.
 */
export function deriveGraphScope(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return DEFAULT_GRAPH_SCOPE;
  }
  if (url.protocol === 'https:' && CLOUD_GRAPH_HOSTS.has(url.hostname.toLowerCase()) && url.port === '') {
    return `${url.origin}/.default`;
  }
  return DEFAULT_GRAPH_SCOPE;
}
