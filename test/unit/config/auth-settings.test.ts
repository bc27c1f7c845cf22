import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';

const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', GRAPH_AUTH: 'static-token', GRAPH_STATIC_TOKEN: 't' };
const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('AUTH_MODE and its companions', () => {
  it('asks nobody by default, outside Azure', () => {
    expect(loadConfig(base).auth).toEqual({ mode: 'none' });
  });

  it("derives the OpenID configuration from the tenant and keeps a minute's clock skew", () => {
    const { auth } = loadConfig({ ...base, AUTH_MODE: 'entra', AUTH_TENANT_ID: tenant, AUTH_AUDIENCE: 'api://bulk-assign' });
    expect(auth).toEqual({
      mode: 'entra',
      tenantId: tenant,
      audience: 'api://bulk-assign',
      openIdConfigUrl: `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`,
      clockSkewSeconds: 60,
    });
  });

  it('needs a tenant and an audience for entra', () => {
    const problems = problemsOf({ AUTH_MODE: 'entra' });
    expect(problems).toContain('AUTH_TENANT_ID is required');
    expect(problems).toContain('AUTH_AUDIENCE is required');
  });

  it('accepts a local test issuer over http on 127.0.0.1 only', () => {
    const entra = { AUTH_MODE: 'entra', AUTH_TENANT_ID: tenant, AUTH_AUDIENCE: 'a' };
    expect(loadConfig({ ...base, ...entra, AUTH_OPENID_CONFIG_URL: 'http://127.0.0.1:4000/.well-known/openid-configuration' }).auth).toMatchObject({
      openIdConfigUrl: 'http://127.0.0.1:4000/.well-known/openid-configuration',
    });
    expect(problemsOf({ ...entra, AUTH_OPENID_CONFIG_URL: 'http://issuer.example/.well-known/openid-configuration' })).toContain('AUTH_OPENID_CONFIG_URL must be an https URL');
    expect(problemsOf({ ...entra, AUTH_OPENID_CONFIG_URL: 'not a url' })).toContain('AUTH_OPENID_CONFIG_URL');
  });

  it('refuses an unknown mode and a skew beyond five minutes', () => {
    expect(problemsOf({ AUTH_MODE: 'basic' })).toContain("AUTH_MODE must be none or entra, got 'basic'");
    expect(problemsOf({ AUTH_MODE: 'entra', AUTH_TENANT_ID: tenant, AUTH_AUDIENCE: 'a', AUTH_CLOCK_SKEW_SECONDS: '3600' })).toContain('AUTH_CLOCK_SKEW_SECONDS');
  });

  it('refuses to run in Azure without authentication unless anonymous access is allowed', () => {
    expect(problemsOf({ WEBSITE_SITE_NAME: 'bulkassign-abc' })).toContain('AUTH_MODE is none in Azure');
    expect(problemsOf({ WEBSITE_SITE_NAME: 'bulkassign-abc', AUTH_ALLOW_ANONYMOUS: 'true' })).toBe('');
    expect(problemsOf({ WEBSITE_SITE_NAME: 'bulkassign-abc', AUTH_ALLOW_ANONYMOUS: 'yes' })).toContain('AUTH_ALLOW_ANONYMOUS must be true or false');
  });
});
