import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_SCOPE, deriveGraphScope } from '../../../src/graph/derive-graph-scope.js';

describe('deriveGraphScope', () => {
  it('asks for the global Graph scope for the global service', () => {
    expect(deriveGraphScope('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default');
    expect(deriveGraphScope('https://graph.microsoft.com/')).toBe(DEFAULT_GRAPH_SCOPE);
  });

  it('asks a national cloud for a token of its own', () => {
    expect(deriveGraphScope('https://graph.microsoft.us')).toBe('https://graph.microsoft.us/.default');
    expect(deriveGraphScope('https://dod-graph.microsoft.us/')).toBe('https://dod-graph.microsoft.us/.default');
    expect(deriveGraphScope('https://microsoftgraph.chinacloudapi.cn')).toBe('https://microsoftgraph.chinacloudapi.cn/.default');
  });

  it('keeps the global scope for plain-http simulators, other hosts and unreadable URLs', () => {
    expect(deriveGraphScope('http://127.0.0.1:7072')).toBe(DEFAULT_GRAPH_SCOPE);
    expect(deriveGraphScope('http://graph.microsoft.us')).toBe(DEFAULT_GRAPH_SCOPE);
    expect(deriveGraphScope('https://graph-proxy.contoso.com')).toBe(DEFAULT_GRAPH_SCOPE);
    expect(deriveGraphScope('not a url')).toBe(DEFAULT_GRAPH_SCOPE);
  });
});
