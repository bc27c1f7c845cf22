import type { Caller } from './caller.js';

const MAX_NAME = 256;

/**
 * The caller a verified token names. A token with `scp` (delegated permissions) or
 * `idtyp: "user"` was issued to a person, identified by `oid`; otherwise it is an
 * application's own token, identified by its client id (`azp` in v2 tokens, `appid` in v1).
 * Undefined when the token names nobody.
 */
export function callerFromClaims(claims: Readonly<Record<string, unknown>>): Caller | undefined {
  const text = (name: string): string | undefined => {
    const value = claims[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const isUser = claims.idtyp === 'user' || (claims.idtyp !== 'app' && text('scp') !== undefined);
  const id = isUser ? (text('oid') ?? text('sub')) : (text('azp') ?? text('appid') ?? text('oid'));
  if (id === undefined) return undefined;
  const name = text('name') ?? text('preferred_username') ?? (isUser ? undefined : text('app_displayname'));
  return { id, kind: isUser ? 'user' : 'app', ...(name ? { name: name.slice(0, MAX_NAME) } : {}) };
}

/** The token's `roles`, ignoring anything that is not a list of strings. */
export function rolesFromClaims(claims: Readonly<Record<string, unknown>>): string[] {
  const roles = claims.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}
