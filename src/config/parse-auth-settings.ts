import type { AuthSettings } from './auth-settings.js';

type Text = (name: string) => string | undefined;

const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/**
 * `AUTH_MODE` and its companions. `none` is refused in Azure (where `WEBSITE_SITE_NAME` is set)
 * unless `AUTH_ALLOW_ANONYMOUS=true` says an open API is meant.
 */
export function parseAuthSettings(text: Text, problems: string[]): AuthSettings {
  const mode = text('AUTH_MODE') ?? 'none';
  const allowAnonymous = text('AUTH_ALLOW_ANONYMOUS')?.toLowerCase() ?? 'false';
  if (allowAnonymous !== 'true' && allowAnonymous !== 'false') problems.push(`AUTH_ALLOW_ANONYMOUS must be true or false, got '${allowAnonymous}'`);
  if (mode === 'none') {
    const inAzure = text('WEBSITE_SITE_NAME') !== undefined;
    if (inAzure && allowAnonymous !== 'true') {
      problems.push('AUTH_MODE is none in Azure (WEBSITE_SITE_NAME is set): anyone could change assignments. Set AUTH_MODE=entra, or AUTH_ALLOW_ANONYMOUS=true if an open API is really meant');
    }
    return { mode: 'none' };
  }
  if (mode !== 'entra') {
    problems.push(`AUTH_MODE must be none or entra, got '${mode}'`);
    return { mode: 'none' };
  }
  const tenantId = text('AUTH_TENANT_ID');
  if (!tenantId) problems.push('AUTH_TENANT_ID is required when AUTH_MODE is entra');
  else if (!TENANT.test(tenantId)) problems.push(`AUTH_TENANT_ID must be a tenant id (a GUID) or domain, got '${tenantId}'`);
  const audience = text('AUTH_AUDIENCE');
  if (!audience) problems.push("AUTH_AUDIENCE is required when AUTH_MODE is entra (the API's application id or App ID URI)");
  const openIdConfigUrl =
    text('AUTH_OPENID_CONFIG_URL') ?? `https://login.microsoftonline.com/${tenantId ?? ''}/v2.0/.well-known/openid-configuration`;
  if (!isIssuerUrl(openIdConfigUrl)) {
    problems.push(`AUTH_OPENID_CONFIG_URL must be an https URL (or http://127.0.0.1 for a local test issuer), got '${openIdConfigUrl}'`);
  }
  const skewText = text('AUTH_CLOCK_SKEW_SECONDS') ?? '60';
  const clockSkewSeconds = Number(skewText);
  if (!Number.isInteger(clockSkewSeconds) || clockSkewSeconds < 0 || clockSkewSeconds > 300) {
    problems.push(`AUTH_CLOCK_SKEW_SECONDS must be a whole number from 0 to 300, got '${skewText}'`);
  }
  return { mode: 'entra', tenantId: tenantId ?? '', audience: audience ?? '', openIdConfigUrl, clockSkewSeconds: Number.isInteger(clockSkewSeconds) ? clockSkewSeconds : 60 };
}

function isIssuerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
}
