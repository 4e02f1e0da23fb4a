import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { hashToken } from '../../core/tokens.js';
import { openStore } from '../../store/open-store.js';
import type { Database } from '../../store/schema.js';
import { describeBackends } from '../../testing/describe-backends.js';
import { emptyDatabase } from '../../testing/empty-database.js';
import { testBackends } from '../../testing/postgres-database.js';
import { createTestApp, type JsonResponse, type TestApp } from '../../testing/test-app.js';

const backends = await testBackends('the Postgres half of the API token tests');
const postgres = backends.find((b) => b.url);
// One Postgres database for the file, emptied before each case; SQLite gets a fresh file each time.
const shared = postgres?.url ? await openStore(postgres.url) : undefined;

afterAll(async () => {
  await shared?.store.close();
  await postgres?.drop?.();
});

describeBackends(backends, 'API tokens on $name', ({ url }) => {
  let t: TestApp;
  beforeEach(async () => {
    if (url && shared) await emptyDatabase(shared.db as Kysely<Database>);
    t = await createTestApp(url ? { databaseUrl: url } : {});
  });
  afterEach(() => t.cleanup());

  /** A JSON API call with the given bearer token instead of the operator's. */
  async function callAs(token: string, method: string, path: string, body?: unknown): Promise<JsonResponse> {
    const response = await t.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response as unknown as JsonResponse;
  }

  async function newToken(name: string, role?: 'app' | 'operator') {
    const response = await t.call('POST', '/v1/tokens', role ? { name, role } : { name });
    expect(response.status).toBe(201);
    return (await response.json()) as {
      id: string;
      name: string;
      role: string;
      createdAt: string;
      token: string;
    };
  }

  it('creates an app token, shown once, that creates members and invitations', async () => {
    const response = await t.call('POST', '/v1/tokens', { name: '  Billing app ' });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const created = await response.json();
    expect(Object.keys(created).sort()).toEqual(['createdAt', 'id', 'name', 'role', 'token']);
    expect(created).toMatchObject({
      name: 'Billing app',
      role: 'app',
      createdAt: '2026-03-03T09:00:00.000Z',
    });
    expect(response.headers.get('location')).toBe(`/v1/tokens/${created.id}`);
    // At least 128 random bits after the prefix: 22 base64url characters.
    expect(created.token).toMatch(/^kindly_[A-Za-z0-9_-]{22,}$/);
    expect(Buffer.from(created.token.slice('kindly_'.length), 'base64url').length).toBeGreaterThanOrEqual(16);
    const stored = await t.core.store.getApiToken(created.id);
    expect(stored?.hash).toBe(hashToken(created.token));
    expect(stored?.hash).not.toContain(created.token.slice('kindly_'.length));

    const member = await callAs(created.token, 'POST', '/v1/members', { email: 'a@example.org', name: 'A' });
    expect(member.status).toBe(201);
    const inviterId = (await member.json()).id;
    const invitation = await callAs(created.token, 'POST', '/v1/invitations', {
      inviterId,
      email: 'b@example.net',
    });
    expect(invitation.status).toBe(201);
    const id = (await invitation.json()).id;
    expect((await callAs(created.token, 'GET', `/v1/members/${inviterId}`)).status).toBe(200);
    expect((await callAs(created.token, 'GET', `/v1/invitations?inviterId=${inviterId}`)).status).toBe(200);
    expect((await callAs(created.token, 'GET', `/v1/invitations/${id}`)).status).toBe(200);
    expect((await callAs(created.token, 'POST', `/v1/invitations/${id}/withdraw`)).status).toBe(200);
    const bulk = await callAs(created.token, 'POST', '/v1/invitations/withdraw', { inviterId });
    expect(await bulk.json()).toEqual({ withdrawn: 0 });
    // The audit log names the token that created the member, and the operator who made the token.
    const memberEvents = await t.core.store.listEvents('member', inviterId);
    expect(memberEvents.map((e) => e.actor)).toEqual([`token:${created.id}`]);
    const tokenEvents = await t.core.store.listEvents('api-token', created.id);
    expect(tokenEvents.map((e) => [e.actor, e.action])).toEqual([['operator', 'api-token.created']]);
  });

  it('keeps app tokens out of suppressions and tokens with 403 forbidden_for_app_token, changing nothing', async () => {
    const app = await newToken('app');
    const attempts: [string, string, unknown?][] = [
      ['POST', '/v1/suppressions', { email: 'x@example.net' }],
      ['GET', '/v1/suppressions/check?email=x%40example.net'],
      ['DELETE', '/v1/suppressions?email=x%40example.net'],
      ['GET', '/v1/%73uppressions/check?email=x%40example.net'],
      ['GET', '/v1/members/../suppressions/check?email=x%40example.net'],
      ['GET', '/v1/tokens'],
      ['POST', '/v1/tokens', { name: 'mine now', role: 'operator' }],
      ['POST', `/v1/tokens/${app.id}/revoke`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await callAs(app.token, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await response.json()).code).toBe('forbidden_for_app_token');
    }
    expect(await t.core.store.findSuppressions(t.core.keyOf('x@example.net'))).toEqual([]);
    const tokens = await t.core.store.listApiTokens();
    expect(tokens.map((token) => [token.id, token.revokedAt])).toEqual([[app.id, null]]);
  });

  it('lets an operator token do what the operator does, under its own name in the audit log', async () => {
    const ops = await newToken('second operator', 'operator');
    expect(ops.role).toBe('operator');
    const suppressed = await callAs(ops.token, 'POST', '/v1/suppressions', { email: 'x@example.net' });
    expect(suppressed.status).toBe(201);
    expect((await callAs(ops.token, 'GET', '/v1/suppressions/check?email=x%40example.net')).status).toBe(200);
    const lifted = await callAs(ops.token, 'DELETE', '/v1/suppressions?email=x%40example.net');
    expect(await lifted.json()).toEqual({ lifted: true });
    const imported = await callAs(ops.token, 'POST', '/v1/suppressions/import', {
      emails: ['y@example.net'],
    });
    expect(imported.status).toBe(200);
    for (const email of ['x@example.net', 'y@example.net']) {
      const suppressionEvents = await t.core.store.listEvents('suppression', t.core.keyOf(email));
      expect(suppressionEvents.length).toBeGreaterThan(0);
      expect(suppressionEvents.map((e) => e.actor)).toEqual(suppressionEvents.map(() => `token:${ops.id}`));
    }
    const made = await callAs(ops.token, 'POST', '/v1/tokens', { name: 'made by ops' });
    expect(made.status).toBe(201);
    const madeId = (await made.json()).id;
    const events = await t.core.store.listEvents('api-token', madeId);
    expect(events.map((e) => e.actor)).toEqual([`token:${ops.id}`]);
    expect((await callAs(ops.token, 'GET', '/v1/tokens')).status).toBe(200);
  });

  it('revokes a token: 401 from then on, idempotently; an unknown id is 404 unknown_token', async () => {
    const app = await newToken('leaked');
    expect((await callAs(app.token, 'GET', '/v1/invitations')).status).toBe(200);
    t.clock.advance(5_000);
    const revoked = await t.call('POST', `/v1/tokens/${app.id}/revoke`);
    expect(revoked.status).toBe(200);
    const record = await revoked.json();
    expect(record).toMatchObject({
      id: app.id,
      name: 'leaked',
      role: 'app',
      revokedAt: '2026-03-03T09:00:05.000Z',
    });
    expect((await callAs(app.token, 'GET', '/v1/invitations')).status).toBe(401);
    t.clock.advance(5_000);
    const again = await t.call('POST', `/v1/tokens/${app.id}/revoke`);
    expect(again.status).toBe(200);
    expect((await again.json()).revokedAt).toBe(record.revokedAt);
    const events = await t.core.store.listEvents('api-token', app.id);
    expect(events.map((e) => e.action)).toEqual(['api-token.created', 'api-token.revoked']);

    const unknown = await t.call('POST', '/v1/tokens/tok_nobody/revoke');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await unknown.json()).code).toBe('unknown_token');
  });

  it('answers a revoked, an unknown and a malformed token alike', async () => {
    const app = await newToken('soon gone');
    await t.call('POST', `/v1/tokens/${app.id}/revoke`);
    const answers = [];
    for (const token of [app.token, `kindly_${'A'.repeat(32)}`, 'kindly_!!', `${app.token}x`, 'short']) {
      const response = await callAs(token, 'GET', '/v1/invitations');
      answers.push({
        status: response.status,
        authenticate: response.headers.get('www-authenticate'),
        body: await response.json(),
      });
    }
    expect(answers[0]).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('lists tokens without their hash or text, with their state', async () => {
    const app = await newToken('app one');
    t.clock.advance(1_000);
    const ops = await newToken('ops', 'operator');
    await t.call('POST', `/v1/tokens/${ops.id}/revoke`);
    await callAs(app.token, 'GET', '/v1/invitations');
    const response = await t.call('GET', '/v1/tokens');
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const secret of [app.token, ops.token, hashToken(app.token), hashToken(ops.token)]) {
      expect(text).not.toContain(secret);
    }
    const [first, second] = ['2026-03-03T09:00:00.000Z', '2026-03-03T09:00:01.000Z'];
    expect(JSON.parse(text)).toEqual({
      items: [
        { id: app.id, name: 'app one', role: 'app', createdAt: first, revokedAt: null, lastUsedAt: second },
        { id: ops.id, name: 'ops', role: 'operator', createdAt: second, revokedAt: second, lastUsedAt: null },
      ],
    });
  });

  it('records the last use at most once a minute', async () => {
    const app = await newToken('busy');
    const lastUsed = async () => (await t.core.store.getApiToken(app.id))?.lastUsedAt;
    await callAs(app.token, 'GET', '/v1/invitations');
    expect(await lastUsed()).toBe('2026-03-03T09:00:00.000Z');
    t.clock.advance(59_000);
    await callAs(app.token, 'GET', '/v1/invitations');
    expect(await lastUsed()).toBe('2026-03-03T09:00:00.000Z');
    t.clock.advance(2_000);
    await callAs(app.token, 'GET', '/v1/invitations');
    expect(await lastUsed()).toBe('2026-03-03T09:01:01.000Z');
  });

  it('refuses bad names, roles and unknown fields with 422, and creates nothing', async () => {
    const bad: [unknown, string][] = [
      [{ name: '' }, 'invalid_name'],
      [{ name: '   ' }, 'invalid_name'],
      [{ name: 'x'.repeat(65) }, 'invalid_name'],
      [{ name: 'two\r\nlines' }, 'invalid_name'],
      [{ name: 'two\nlines' }, 'invalid_name'],
      [{ name: 'tab\there' }, 'invalid_name'],
      [{ name: 'right\u202eto left' }, 'invalid_name'],
      [{ name: 'fine', role: 'admin' }, 'invalid_input'],
      [{ name: 'fine', scope: 'all' }, 'invalid_input'],
      [{}, 'invalid_input'],
    ];
    for (const [body, code] of bad) {
      const response = await t.call('POST', '/v1/tokens', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json()).code, JSON.stringify(body)).toBe(code);
    }
    expect(await t.core.store.listApiTokens()).toEqual([]);
    expect((await newToken('é'.repeat(64))).name).toBe('é'.repeat(64));
  });
});
