/** Gives the bearer token for each request, or none when the service runs without sign-in. */
export type TokenSource = () => Promise<string | undefined>;

/** Renew a cached token this long before it expires, so no request leaves with a dying one. */
const RENEW_BEFORE_MS = 2 * 60_000;

/**
 * `--token` (or `BULK_ASSIGN_TOKEN`) is sent as it is. `--scope` asks `@azure/identity`'s
 * DefaultAzureCredential (Azure CLI sign-in, environment, managed identity, …) for a token of
 * that scope, e.g. `api://<app id>/.default`, so no login command of our own is needed. With
 * neither, requests go without `Authorization`, as `npm start`'s `AUTH_MODE=none` expects.
 */
export function tokenSource(options: { token?: string; scope?: string }): TokenSource {
  if (options.token && options.scope) throw new Error('Give --token or --scope, not both.');
  if (options.token) {
    const token = options.token.replace(/^Bearer\s+/i, '');
    return async () => token;
  }
  const { scope } = options;
  if (!scope) return async () => undefined;
  let cached: { token: string; expiresOnTimestamp: number } | undefined;
  let credential: { getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null> } | undefined;
  return async () => {
    if (cached && cached.expiresOnTimestamp - RENEW_BEFORE_MS > Date.now()) return cached.token;
    // Loaded on demand: most runs against a local service never need it.
    const { DefaultAzureCredential } = await import('@azure/identity');
    credential ??= new DefaultAzureCredential();
    let answer;
    try {
      answer = await credential.getToken(scope);
    } catch (error) {
      // The library's message explains which sign-in it tried; it carries no secret.
      throw new Error(`Could not get a token for scope '${scope}': ${(error as Error).message.split('\n')[0]}`);
    }
    if (!answer) throw new Error(`Could not get a token for scope '${scope}': no credential answered. Sign in with the Azure CLI (az login) or set AZURE_* variables.`);
    cached = answer;
    return answer.token;
  };
}
