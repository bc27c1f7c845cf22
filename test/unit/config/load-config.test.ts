import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeServices } from '../../../src/composition-root.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';

const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', GRAPH_AUTH: 'static-token', GRAPH_STATIC_TOKEN: 't' };

describe('loadConfig for reads, events and reconciliation', () => {
  it('defaults to Intune\'s read limit, a 02:00 UTC reconciliation and a container named after the prefix', () => {
    const config = loadConfig({ ...base, BULK_ASSIGN_NAME_PREFIX: 'contoso' });
    expect(config.readBudget).toEqual({ count: 1000, windowMs: 20_000 });
    expect(config.reconcile).toEqual({ schedule: '0 0 2 * * *', desiredStateContainer: 'contoso-desired-state', scanSliceMs: 240_000 });
    expect(config.events.rulesPath).toBeUndefined();
    expect(config.intake.planMaxItems).toBe(1000);
  });

  it('derives the sweeper\'s bound from the longest hold, a policy\'s lease, and refuses one shorter than it', () => {
    expect(loadConfig(base).sweep).toEqual({ schedule: '0 * * * * *', staleAfterMs: 190_000 });
    expect(loadConfig({ ...base, GRAPH_TIMEOUT_SECONDS: '5' }).sweep.staleAfterMs).toBe(2 * 15_000 + 60_000);
    expect(() => loadConfig({ ...base, GRAPH_TIMEOUT_SECONDS: '5', SWEEP_STALE_AFTER_SECONDS: '24' })).toThrow(/SWEEP_STALE_AFTER_SECONDS must be a whole number from 25/);
    expect(loadConfig({ ...base, SWEEP_STALE_AFTER_SECONDS: '600', INTAKE_PAGE_ITEMS: '250', SCAN_SLICE_SECONDS: '60' })).toMatchObject({
      sweep: { staleAfterMs: 600_000 },
      intake: { intakePageItems: 250 },
      reconcile: { scanSliceMs: 60_000 },
    });
  });

  it('lets an upload wait a day for its submit, swept hourly, and refuses a wait that is not a whole number of seconds up to 30 days', () => {
    expect(loadConfig(base).uploads).toEqual({ expiresAfterMs: 86_400_000, sweepSchedule: '0 0 * * * *' });
    expect(loadConfig({ ...base, UPLOAD_EXPIRES_AFTER_SECONDS: '30', UPLOAD_SWEEP_SCHEDULE: '0 */5 * * * *' }).uploads).toEqual({ expiresAfterMs: 30_000, sweepSchedule: '0 */5 * * * *' });
    expect(() => loadConfig({ ...base, UPLOAD_EXPIRES_AFTER_SECONDS: '1.5' })).toThrow(/UPLOAD_EXPIRES_AFTER_SECONDS must be a whole number from 1 to 2592000, got '1.5'/);
    expect(() => loadConfig({ ...base, UPLOAD_EXPIRES_AFTER_SECONDS: '2592001' })).toThrow(/UPLOAD_EXPIRES_AFTER_SECONDS/);
    expect(() => loadConfig({ ...base, UPLOAD_SWEEP_SCHEDULE: '0 * * * *' })).toThrow(/UPLOAD_SWEEP_SCHEDULE must be an NCRONTAB expression of six fields/);
  });

  it('names every bad new setting at once', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, GRAPH_READ_BUDGET: 'lots', RECONCILE_SCHEDULE: '0 2 * * *', DESIRED_STATE_CONTAINER: 'Desired_State', PLAN_MAX_ITEMS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['GRAPH_READ_BUDGET', 'RECONCILE_SCHEDULE', 'DESIRED_STATE_CONTAINER', 'PLAN_MAX_ITEMS']) expect(problems).toContain(name);
  });
});

describe('event rules at start-up', () => {
  it('stops the app when the rules file is invalid, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const path = join(dir, 'rules.json');
    writeFileSync(path, JSON.stringify({ rules: [{ name: 'r', eventType: 'x.Y', label: 'l', items: [{ path: '/users/{{data.id}}', body: {} }] }] }));
    expect(() => composeServices(loadConfig({ ...base, EVENT_RULES_PATH: path }))).toThrow(/rules\.json: rules\[0\]\.items\[0\]\.path/);
  });

  it('loads valid rules once, for every event to use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const path = join(dir, 'rules.json');
    const rule = {
      name: 'r',
      eventType: 'x.Y',
      label: 'l',
      items: [{ path: '/deviceManagement/deviceCompliancePolicies/{{data.p}}/assignments/{{data.a}}', body: { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } } }],
    };
    writeFileSync(path, JSON.stringify({ rules: [rule] }));
    expect(composeServices(loadConfig({ ...base, EVENT_RULES_PATH: path })).eventRules).toHaveLength(1);
  });
});
