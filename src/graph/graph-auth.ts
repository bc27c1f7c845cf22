import {
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { GraphAuth } from '../config/app-config.js';
import { GraphAuthError } from './graph-auth-error.js';
import { DEFAULT_GRAPH_SCOPE } from './derive-graph-scope.js';

export type { GraphAuth };

export interface GetAccessTokenOptions {
  /** Aborts token acquisition when the Graph call it belongs to times out. */
  readonly abortSignal?: AbortSignal;
}

/** Gives a bearer token for Graph; implementations cache and refresh as they see fit. */
export interface AccessTokenSource {
  getToken(options?: GetAccessTokenOptions): Promise<string>;
}

/**
 * Builds the token source for `auth`. The `@azure/identity` credentials keep their own token
 * cache and refresh before expiry, so calling `getToken` once per Graph call is cheap.
 *
 * @param scope - Token scope; see `deriveGraphScope` for national clouds.
 *   @default `https://graph.microsoft.com/.default`
 */
export function createAccessTokenSource(
  auth: GraphAuth,
  scope: string = DEFAULT_GRAPH_SCOPE,
): AccessTokenSource {
  switch (auth.mode) {
    case 'static-token': {
      if (auth.token.trim() === '') {
        throw new GraphAuthError('static-token auth needs a non-empty token');
      }
      const token = auth.token;
      return { getToken: async () => token };
    }
    case 'managed-identity':
      return fromCredential(
        auth.clientId === undefined
          ? new ManagedIdentityCredential()
          : new ManagedIdentityCredential({ clientId: auth.clientId }),
        scope,
        auth.mode,
      );
    case 'client-secret':
      return fromCredential(
        new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret),
        scope,
        auth.mode,
      );
    case 'default-credential':
      return fromCredential(new DefaultAzureCredential(), scope, auth.mode);
    default: {
      const unknownMode: never = auth;
      throw new GraphAuthError(`unknown Graph auth mode: ${String((unknownMode as { mode: unknown }).mode)}`);
    }
  }
}

function fromCredential(credential: TokenCredential, scope: string, mode: GraphAuth['mode']): AccessTokenSource {
  return {
    async getToken(options) {
      let accessToken;
      try {
        accessToken = await credential.getToken(
          scope,
          options?.abortSignal === undefined ? {} : { abortSignal: options.abortSignal },
        );
      } catch (error) {
        // Identity errors describe the tenant, client and endpoint, never the secret or a token.
        throw new GraphAuthError(`${mode} could not get a Graph token: ${describe(error)}`, { cause: error });
      }
      // `TokenCredential.getToken` is typed to allow null; treat it as a failure, not as "no auth".
      if (accessToken === null || accessToken.token === '') {
        throw new GraphAuthError(`${mode} returned no Graph token`);
      }
      return accessToken.token;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
