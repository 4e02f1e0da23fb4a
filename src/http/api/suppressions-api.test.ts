import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describe('suppressions API and health', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.cleanup());

  it('adds a suppression and checks it through the canonical key', async () => {
    const before = await (await t.call('GET', '/v1/suppressions/check?email=jane.doe%40gmail.com')).json();
    expect(before).toEqual({ suppressed: false, scope: null, reason: null });
    expect(
      (await t.call('POST', '/v1/suppressions', { email: 'Jane.Doe+x@GMAIL.com', reason: 'request' })).status,
    ).toBe(201);
    const after = await (await t.call('GET', '/v1/suppressions/check?email=janedoe%40gmail.com')).json();
    expect(after).toEqual({ suppressed: true, scope: 'global', reason: 'request' });
  });

  it('closes pending invitations to a newly suppressed address', async () => {
    const alice = (await (await t.call('POST', '/v1/members', { email: 'a@example.org', name: 'A' })).json())
      .id;
    const id = (
      await (await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'x@example.net' })).json()
    ).id;
    await t.call('POST', '/v1/suppressions', { email: 'x@example.net', scope: `inviter:${alice}` });
    expect((await (await t.call('GET', `/v1/invitations/${id}`)).json()).status).toBe('undeliverable');
  });

  it('refuses a bad scope or reason', async () => {
    for (const body of [
      { email: 'x@example.net', scope: 'everyone' },
      { email: 'x@example.net', reason: 'because' },
    ]) {
      const response = await t.call('POST', '/v1/suppressions', body);
      expect(response.status).toBe(422);
      expect((await response.json()).code).toBe('invalid_input');
    }
  });

  it('never stores the clear address', async () => {
    await t.call('POST', '/v1/suppressions', { email: 'secret.person@example.net' });
    const rows = await t.core.store.findSuppressions(t.core.keyOf('secret.person@example.net'));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('secret.person');
  });

  it('reports liveness and readiness', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200);
    const ready = await t.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true } });
    await t.core.store.close();
    const down = await t.app.request('/readyz');
    expect(down.status).toBe(503);
  });

  it('counts requests without raw paths, and serves no /metrics on the public app', async () => {
    await t.app.request('/r/some-secret-token-value-123456');
    const served = await t.app.request('/metrics');
    expect(served.status).toBe(404);
    const metrics = await t.metrics.metrics();
    expect(metrics).toContain('kindly_http_requests_total');
    expect(metrics).not.toContain('some-secret-token');
  });
});
