import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateBudget } from '../../src/memory/memory-rate-budget.js';
import { resolveGraphPath } from '../../src/catalog/resolve-graph-path.js';
import { familyBudgets } from '../../src/ports/family-budgets.js';
import { createBudgetedGraphReader } from '../../src/graph/budgeted-graph-reader.js';
import { GraphReadError } from '../../src/ports/graph-read-error.js';
import type { GraphReader } from '../../src/ports/graph-reader.js';
import type { GraphReadAttempt, GraphReadRequest, GraphReadTransport } from '../../src/ports/graph-read-transport.js';
import { createSdkGraphReader } from '../../src/graph/sdk-graph-reader.js';
import { readCurrentAssignments, type CurrentAssignmentRequest } from '../../src/inventory/read-current-assignments.js';
import { scanAssignments } from '../../src/inventory/scan-assignments.js';
import { createGraphSimulator, type GraphSimulator } from '../../tools/graph-sim/create-graph-simulator.js';
import { DEFAULT_SIM_TOKEN, type GraphSimulatorOptions } from '../../tools/graph-sim/graph-simulator-options.js';
import * as seed from '../../tools/graph-sim/seed-data.js';

const DC = '/deviceManagement/deviceConfigurations';
const LISTS: Record<string, string> = {
  deviceCompliancePolicy: '/deviceManagement/deviceCompliancePolicies',
  configurationPolicy: '/deviceManagement/configurationPolicies',
  deviceEnrollmentConfiguration: '/deviceManagement/deviceEnrollmentConfigurations',
  deviceConfiguration: DC,
};
const OWN_ENDPOINTS: Record<string, string> = {
  deviceCompliancePolicy: 'deviceCompliancePolicyAssignment',
  configurationPolicy: 'deviceManagementConfigurationPolicyAssignment',
  deviceEnrollmentConfiguration: 'enrollmentConfigurationAssignment',
  deviceConfiguration: 'deviceConfigurationAssignment',
};

/** Where each nested assignment of the seed must be found: through the cast where Graph has one. */
const NESTED: ReadonlyArray<readonly [assignmentId: string, endpointId: string, path: string]> = [
  [seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.iosScepCertificateProfileRootCertificate', `${DC}/${seed.IOS_SCEP_PROFILE_ID}/microsoft.graph.iosScepCertificateProfile/rootCertificate`],
  [seed.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.windowsPhone81VpnIdentityCertificate', `${DC}/${seed.WINDOWS_PHONE_VPN_ID}/microsoft.graph.windowsPhone81VpnConfiguration/identityCertificate`],
  [seed.WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.identityCertificateRootCertificate', `${DC}/${seed.WINDOWS_PHONE_VPN_ID}/identityCertificate/rootCertificate`],
  [seed.MACOS_WIRED_ROOT_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.macOSWiredNetworkRootCertificateForServerValidation', `${DC}/${seed.MACOS_WIRED_NETWORK_ID}/microsoft.graph.macOSWiredNetworkConfiguration/rootCertificateForServerValidation`],
  [seed.MACOS_WIRED_IDENTITY_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.macOSWiredNetworkIdentityCertificateForClientAuthentication', `${DC}/${seed.MACOS_WIRED_NETWORK_ID}/microsoft.graph.macOSWiredNetworkConfiguration/identityCertificateForClientAuthentication`],
  [seed.WIFI_EAP_IDENTITY_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.windowsWifiEnterpriseEapIdentityCertificateForClientAuthentication', `${DC}/${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/identityCertificateForClientAuthentication`],
  [seed.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.windowsWifiEnterpriseEapRootCertificateForServerValidation', `${DC}/${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/${seed.WIFI_EAP_ROOT_CERTIFICATE_ID}`],
  [seed.WIFI_EAP_SECOND_ROOT_CERTIFICATE_ASSIGNMENT_ID, 'deviceConfigurationAssignment.windowsWifiEnterpriseEapRootCertificateForServerValidation', `${DC}/${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/${seed.WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID}`],
];

/** Records every GET the budgeted reader sends, and when. */
class RecordingTransport implements GraphReadTransport {
  readonly sent: Array<{ request: GraphReadRequest; at: number; status: number | string }> = [];
  constructor(private readonly inner: GraphReadTransport) {}
  async send(request: GraphReadRequest): Promise<GraphReadAttempt> {
    const at = Date.now();
    const attempt = await this.inner.send(request);
    this.sent.push({ request, at, status: attempt.kind === 'response' ? attempt.status : attempt.reason });
    return attempt;
  }
}

interface Setup {
  readonly sim: GraphSimulator;
  readonly url: string;
  readonly reader: GraphReader;
  readonly transport: RecordingTransport;
  readonly budget: MemoryRateBudget;
}

async function start(options: GraphSimulatorOptions = {}): Promise<Setup> {
  const sim = createGraphSimulator(options);
  const { url } = await sim.listen(0);
  const transport = new RecordingTransport(createSdkGraphReader({ baseUrl: url, auth: { mode: 'static-token', token: DEFAULT_SIM_TOKEN }, timeoutMs: 5_000 }));
  const budget = new MemoryRateBudget({ rate: { count: 1000, windowMs: 20_000 } });
  const reader = createBudgetedGraphReader({ reader: transport, budgets: familyBudgets('shared', () => budget), maxWaitMs: 10_000, backoff: { baseMs: 50, capMs: 400 } });
  return { sim, url, reader, transport, budget };
}

let shared: Setup;
beforeAll(async () => {
  shared = await start();
});
afterAll(async () => shared?.sim.close());
afterEach(async () => {
  await fetch(`${shared.url}/_sim/reset`, { method: 'POST' });
});

describe('reading Graph through the simulator', () => {
  it('scans every seeded assignment exactly once, each at a path a job item can PATCH', async () => {
    const scan = await scanAssignments(shared.reader);

    const seeded = seed.SEED_DATA.policies.flatMap((p) => [...p.assignments, ...(p.subResources ?? []).flatMap((s) => s.assignments)]);
    expect(scan.assignments.map((a) => a.params[Object.keys(a.params).at(-1) as string]).sort()).toEqual(seeded.map((a) => a.id).sort());
    expect(scan.unaddressable).toEqual([]);

    const expected = new Map<string, { endpointId: string; path: string }>();
    for (const p of seed.SEED_DATA.policies) {
      for (const a of p.assignments) expected.set(a.id, { endpointId: OWN_ENDPOINTS[p.kind]!, path: `${LISTS[p.kind]}/${p.id}/assignments/${a.id}` });
    }
    for (const [id, endpointId, holder] of NESTED) expected.set(id, { endpointId, path: `${holder}/assignments/${id}` });
    expect(expected.size).toBe(seeded.length);

    for (const found of scan.assignments) {
      const id = found.assignment.id as string;
      expect({ id, endpointId: found.endpointId, path: found.path }).toEqual({ id, ...expected.get(id) });
      expect(found.apiVersion).toBe('beta');
      const resolved = resolveGraphPath(found.path);
      expect(resolved.ok && resolved.value.endpoint.id).toBe(found.endpointId);
      expect(resolved.ok && resolved.value.params).toEqual(found.params);
      // What the scan reports is what the simulator holds at that path, less the type annotation.
      expect(found.assignment).toEqual(shared.sim.getAssignment(found.path));
      expect(found.assignment).not.toHaveProperty('@odata.type');
    }
  });

  it('follows @odata.nextLink through every page of the default page size of 2', async () => {
    shared.transport.sent.length = 0;
    const scan = await scanAssignments(shared.reader);
    expect(scan.policies.map((p) => p.id)).toEqual(seed.SEED_DATA.policies.map((p) => p.id));
    expect(scan.policies.find((p) => p.id === seed.WIFI_EAP_ID)).toEqual({
      kind: 'deviceConfiguration',
      id: seed.WIFI_EAP_ID,
      odataType: 'microsoft.graph.windowsWifiEnterpriseEAPConfiguration',
      displayName: 'Corporate Wi-Fi (EAP-TLS)',
    });
    const pages = shared.transport.sent.filter((s) => s.request.nextLink !== undefined);
    expect(pages.map((s) => s.request.path)).toEqual(expect.arrayContaining(Object.values(LISTS)));
    expect(pages.every((s) => s.request.nextLink!.startsWith(`${shared.url}/beta/`) && s.status === 200)).toBe(true);
  });

  it('waits out a 429 with Retry-After injected through the control API, never sending before it', async () => {
    const rules = [{ method: 'GET', status: 429, retryAfterSeconds: 1, times: 1, pathContains: 'deviceCompliancePolicies' }];
    const set = await fetch(`${shared.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) });
    expect(set.status).toBe(200);
    shared.transport.sent.length = 0;
    const result = await shared.reader.list('beta', LISTS.deviceCompliancePolicy!);
    expect(result.ok && result.value.map((p) => p.id)).toEqual([seed.COMPLIANCE_POLICY_ID, seed.IOS_COMPLIANCE_POLICY_ID, seed.ANDROID_COMPLIANCE_POLICY_ID]);
    const [throttled, retried] = shared.transport.sent;
    expect(throttled?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(1000);
    const faults = (await (await fetch(`${shared.url}/_sim/faults`)).json()) as { value: Array<{ used: number }> };
    expect(faults.value[0]?.used).toBe(1);
  });

  it("waits out the simulator's own read throttle", async () => {
    const small = await start({ readLimit: { perApp: { count: 2, windowMs: 1000 } } });
    try {
      const path = `${LISTS.deviceCompliancePolicy}/${seed.COMPLIANCE_POLICY_ID}`;
      for (let i = 0; i < 3; i++) expect(await small.reader.get('beta', path)).toMatchObject({ ok: true, value: { id: seed.COMPLIANCE_POLICY_ID } });
      const sent = small.transport.sent;
      const throttled = sent.findIndex((s) => s.status === 429);
      expect(throttled).toBeGreaterThan(0);
      // The simulator sends whole seconds, rounded up: at least 1 s before the next read.
      expect(sent[throttled + 1]!.at - sent[throttled]!.at).toBeGreaterThanOrEqual(1000);
      expect(sent.at(-1)?.status).toBe(200);
      expect(small.sim.stats().reads.throttled).toBe(1);
    } finally {
      await small.sim.close();
    }
  });

  it('gives up with GraphReadError naming path, status and code when Graph keeps failing, without the token', async () => {
    shared.sim.setFaults([{ method: 'GET', status: 503, code: 'ServiceUnavailable', pathContains: 'configurationPolicies' }]);
    shared.transport.sent.length = 0;
    const error = await shared.reader.list('beta', LISTS.configurationPolicy!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphReadError);
    expect((error as Error).message).toContain(`GET beta ${LISTS.configurationPolicy} failed 4 times; last: 503 ServiceUnavailable`);
    expect(`${(error as Error).message} ${String((error as Error).stack)}`).not.toContain(DEFAULT_SIM_TOKEN);
    expect(shared.transport.sent).toHaveLength(4);
  });

  it('answers a missing policy with Graph refusing, not an error', async () => {
    const result = await shared.reader.get('beta', `${DC}/40000000-0000-4000-8000-0000000000ff`);
    expect(result).toMatchObject({ ok: false, status: 404, errorCode: 'ResourceNotFound', requestId: expect.any(String) });
    const listed = await shared.reader.list('beta', `${DC}/40000000-0000-4000-8000-0000000000ff/assignments`);
    expect(listed).toMatchObject({ ok: false, status: 404 });
  });

  it('reads the current assignment of found and missing items, one listing per collection', async () => {
    const item = (index: number, path: string, body: Record<string, unknown> = {}, apiVersion: 'beta' | 'v1.0' = 'beta'): CurrentAssignmentRequest => {
      const r = resolveGraphPath(path);
      if (!r.ok) throw new Error(r.message);
      return { index, endpointId: r.value.endpoint.id, apiVersion, params: r.value.params, body };
    };
    const items = [
      item(0, `${DC}/${seed.DEVICE_CONFIGURATION_ID}/assignments`, { id: seed.DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID }),
      item(1, `${DC}/${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`),
      item(2, `${DC}/${seed.DEVICE_CONFIGURATION_ID}/assignments/4a000000-0000-4000-8000-0000000000ff`),
      item(3, `${LISTS.deviceCompliancePolicy}/10000000-0000-4000-8000-0000000000ff/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`, {}, 'v1.0'),
      item(4, `${LISTS.deviceCompliancePolicy}/${seed.COMPLIANCE_POLICY_ID}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`, {}, 'v1.0'),
      item(5, `${NESTED[6]![2]}/assignments/${seed.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`),
    ];
    shared.transport.sent.length = 0;
    const current = await readCurrentAssignments(shared.reader, items);

    expect(current.get(0)).toEqual({ found: expect.objectContaining({ id: seed.DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID, intent: 'apply' }) });
    expect(current.get(1)).toEqual({ found: expect.objectContaining({ id: seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID, '@odata.type': '#microsoft.graph.deviceConfigurationAssignment' }) });
    expect(current.get(2)).toEqual({ missing: expect.objectContaining({ status: 404, errorCode: undefined }) });
    expect(current.get(3)).toEqual({ missing: expect.objectContaining({ status: 404, errorCode: 'ResourceNotFound' }) });
    expect(current.get(4)).toEqual({ found: { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id: seed.COMPLIANCE_ASSIGNMENT_ID, target: expect.any(Object) } });
    expect(current.get(5)).toEqual({ found: expect.objectContaining({ id: seed.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID }) });
    // Items 0, 1 and 2 share one collection; 3, 4 and 5 each have their own.
    expect(shared.transport.sent.filter((s) => s.request.nextLink === undefined)).toHaveLength(4);
  });
});
