import type { AuthSettings } from '../config/auth-settings.js';

/**
 * The Functions host's own key check for API routes. With Entra ID the bearer token is the
 * credential, so the host must not also demand a function key; without it, the function key is
 * all that guards the API in Azure, so it stays.
 */
export function routeAuthLevel(auth: AuthSettings): 'anonymous' | 'function' {
  return auth.mode === 'entra' ? 'anonymous' : 'function';
}
