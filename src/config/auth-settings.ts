/** How callers of the HTTP API are identified (`AUTH_MODE` and its companions). */
export type AuthSettings =
  /** Nobody is asked who they are; every route is open. The `npm start` default, refused in Azure unless allowed. */
  | { readonly mode: 'none' }
  | EntraAuthSettings;

export interface EntraAuthSettings {
  readonly mode: 'entra';
  /** The tenant whose tokens are accepted (`AUTH_TENANT_ID`). */
  readonly tenantId: string;
  /** The one `aud` a token must carry (`AUTH_AUDIENCE`): the API's application id or its App ID URI. */
  readonly audience: string;
  /**
   * The issuer's OpenID configuration (`AUTH_OPENID_CONFIG_URL`); its `issuer` is the only `iss`
   * accepted and its `jwks_uri` holds the signing keys.
   * @default https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration
   */
  readonly openIdConfigUrl: string;
  /** How far `exp` and `nbf` may be off, for clocks that disagree a little. @default 60 s */
  readonly clockSkewSeconds: number;
}
