import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suppress } from '../../core/suppress.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describe('DELETE /v1/suppressions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.cleanup());

  const lift = (query: string) => t.call('DELETE', `/v1/suppressions?${query}`);
  const check = async (email: string) =>
    (await t.call('GET', `/v1/suppressions/check?email=${encodeURIComponent(email)}`)).json();

  async function member(email: string): Promise<string> {
    return (await (await t.call('POST', '/v1/members', { email, name: 'Alice' })).json()).id;
  }

  it('lifts a stop, after which a new invitation to the address is queued like any other', async () => {
    const alice = await member('alice@example.org');
    await t.call('POST', '/v1/suppressions', { email: 'bob@example.net', reason: 'stop' });
    const before = await (
      await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'bob@example.net' })
    ).json();
    expect(before.status).toBe('undeliverable');

    // Another spelling of the same address reaches the same key.
    const response = await lift('email=Bob%40Example.NET');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ lifted: true });
    expect(await check('bob@example.net')).toEqual({ suppressed: false, scope: null, reason: null });

    const carol = await member('carol@example.org');
    const after = await t.call('POST', '/v1/invitations', { inviterId: carol, email: 'bob@example.net' });
    expect(after.status).toBe(201);
    expect(await after.json()).toMatchObject({ status: 'pending', delivery: 'queued' });
    // A final state stays final; Alice still sees her first invitation open, so asking again answers it,
    // exactly as for any invitation still pending.
    expect((await (await t.call('GET', `/v1/invitations/${before.id}`)).json()).status).toBe('undeliverable');
    const again = await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'bob@example.net' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(before.id);

    const audit = await t.core.store.listEvents('suppression', t.core.keyOf('bob@example.net'));
    expect(audit.find((e) => e.action === 'suppression.lifted')).toMatchObject({
      actor: 'operator',
      data: { scope: 'global', reason: 'stop', source: 'api' },
    });
  });

  it('refuses to lift a complaint: 403 complaint_suppression, and the address stays suppressed', async () => {
    await suppress(t.core, {
      key: t.core.keyOf('bob@example.net'),
      scope: 'global',
      reason: 'complaint',
      source: 'arf',
      actor: 'system',
    });
    const response = await lift('email=bob%40example.net&scope=global');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 403,
      code: 'complaint_suppression',
      type: '/problems/complaint_suppression',
    });
    expect(await check('bob@example.net')).toEqual({
      suppressed: true,
      scope: 'global',
      reason: 'complaint',
    });
    const audit = await t.core.store.listEvents('suppression', t.core.keyOf('bob@example.net'));
    expect(audit.map((e) => e.action)).not.toContain('suppression.lifted');
  });

  it('lifts only the scope it names', async () => {
    const alice = await member('alice@example.org');
    await t.call('POST', '/v1/suppressions', { email: 'bob@example.net', scope: `inviter:${alice}` });
    await t.call('POST', '/v1/suppressions', { email: 'bob@example.net', reason: 'request' });

    expect(await (await lift(`email=bob%40example.net&scope=inviter%3A${alice}`)).json()).toEqual({
      lifted: true,
    });
    const left = await t.core.store.findSuppressions(t.core.keyOf('bob@example.net'), alice);
    expect(left.map((s) => s.scope)).toEqual(['global']);

    expect(await (await lift('email=bob%40example.net')).json()).toEqual({ lifted: true });
    expect(await check('bob@example.net')).toMatchObject({ suppressed: false });
  });

  it('answers lifted: false when there is nothing to lift at that scope', async () => {
    await t.call('POST', '/v1/suppressions', { email: 'bob@example.net', scope: 'inviter:mem_someone' });
    for (const query of ['email=stranger%40example.net', 'email=bob%40example.net&scope=global']) {
      const response = await lift(query);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ lifted: false });
    }
    const left = await t.core.store.findSuppressions(t.core.keyOf('bob@example.net'), 'mem_someone');
    expect(left.map((s) => s.scope)).toEqual(['inviter:mem_someone']);
  });

  it('refuses a bad address with 422 invalid_email, and a bad or missing parameter with 422 invalid_input', async () => {
    const bad = await lift('email=not-an-address');
    expect(bad.status).toBe(422);
    expect((await bad.json()).code).toBe('invalid_email');
    for (const query of [
      'scope=global',
      'email=bob%40example.net&scope=everyone',
      'email=bob%40example.net&x=1',
    ]) {
      const response = await lift(query);
      expect(response.status).toBe(422);
      expect((await response.json()).code).toBe('invalid_input');
    }
  });

  it('needs the operator bearer token', async () => {
    await t.call('POST', '/v1/suppressions', { email: 'bob@example.net' });
    for (const authorization of [undefined, 'Bearer wrong-token']) {
      const response = await t.app.request('/v1/suppressions?email=bob%40example.net', {
        method: 'DELETE',
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'unauthorized' });
    }
    expect(await check('bob@example.net')).toMatchObject({ suppressed: true });
  });
});
