import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { startSim } from './sim-harness.js';

const WIFI_ROOTS = `/beta/deviceManagement/deviceConfigurations/${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation`;

describe('graph simulator certificate collections', () => {
  it('lists the root certificates of a Wi-Fi EAP configuration with their type and name', async () => {
    const h = await startSim({ pageSize: 10 });
    const res = await h.call('GET', WIFI_ROOTS);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      value: [
        { '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate', id: seed.WIFI_EAP_ROOT_CERTIFICATE_ID, displayName: 'RADIUS server root CA' },
        { '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate', id: seed.WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID, displayName: 'RADIUS server root CA (next)' },
      ],
    });
  });

  it('pages the certificates with $top and @odata.nextLink', async () => {
    const h = await startSim();
    const first = await h.call('GET', `${WIFI_ROOTS}?$top=1`);
    expect(first.body.value.map((c: { id: string }) => c.id)).toEqual([seed.WIFI_EAP_ROOT_CERTIFICATE_ID]);
    expect(first.body['@odata.nextLink']).toBe(`${h.url}${WIFI_ROOTS}?$top=1&$skiptoken=1`);
    const second = await h.call('GET', (first.body['@odata.nextLink'] as string).slice(h.url.length));
    expect(second.body).toEqual({ value: [expect.objectContaining({ id: seed.WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID })] });
  });

  it('matches the navigation and cast case-insensitively, as Graph does', async () => {
    const h = await startSim();
    const res = await h.call('GET', WIFI_ROOTS.replace('microsoft.graph.windowsWifiEnterpriseEAPConfiguration', 'Microsoft.Graph.WindowsWifiEnterpriseEapConfiguration').replace('rootCertificates', 'RootCertificates'));
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(2);
  });

  it('answers 404 for a configuration of another type or one that does not exist', async () => {
    const h = await startSim();
    const otherType = await h.call('GET', WIFI_ROOTS.replace(seed.WIFI_EAP_ID, seed.DEVICE_CONFIGURATION_ID));
    expect(otherType.status).toBe(404);
    expect(otherType.body.error.code).toBe('ResourceNotFound');
    const missing = await h.call('GET', WIFI_ROOTS.replace(seed.WIFI_EAP_ID, '40000000-0000-4000-8000-0000000000ff'));
    expect(missing.status).toBe(404);
  });

  it('serves the collection in beta only, as the catalog has the endpoint', async () => {
    const h = await startSim();
    const res = await h.call('GET', WIFI_ROOTS.replace('/beta/', '/v1.0/'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('refuses to PATCH the collection', async () => {
    const h = await startSim();
    const res = await h.call('PATCH', WIFI_ROOTS, { body: { id: 'x' } });
    expect(res.status).toBe(405);
  });

  it('does not serve navigations the catalog does not list', async () => {
    const h = await startSim();
    const res = await h.call('GET', `/beta/deviceManagement/deviceConfigurations/${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/trustedServerCertificates`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Resource not found for the segment 'trustedServerCertificates'.");
  });

  it('counts reads of the collection against the read throttle', async () => {
    const h = await startSim({ readLimit: { perApp: { count: 1, windowMs: 60_000 } } });
    expect((await h.call('GET', WIFI_ROOTS)).status).toBe(200);
    const throttled = await h.call('GET', WIFI_ROOTS);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(h.sim.stats().reads).toEqual({ accepted: 1, throttled: 1 });
  });

  it('lists the assignments of a single-valued certificate navigation, and 404s one a configuration lacks', async () => {
    const h = await startSim();
    const base = '/beta/deviceManagement/deviceConfigurations';
    const present = await h.call('GET', `${base}/${seed.WINDOWS_PHONE_VPN_ID}/identityCertificate/rootCertificate/assignments`);
    expect(present.body.value).toEqual([expect.objectContaining({ id: seed.WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID })]);
    const absent = await h.call('GET', `${base}/${seed.DEVICE_CONFIGURATION_ID}/rootCertificate/assignments`);
    expect(absent.status).toBe(404);
  });
});
