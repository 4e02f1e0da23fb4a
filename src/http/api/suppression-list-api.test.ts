import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Database } from '../../store/schema.js';
import { describeBackends } from '../../testing/describe-backends.js';
import { emptyDatabase } from '../../testing/empty-database.js';
import { testBackends } from '../../testing/postgres-database.js';
import { createTestApp, type JsonResponse, type TestApp } from '../../testing/test-app.js';
import { maxBodyBytes } from '../app.js';
import { maxImportBodyBytes } from './suppression-list-routes.js';

const backends = await testBackends('the Postgres half of the suppression import and export API tests');
const postgres = backends.find((b) => b.url);
const shared = postgres?.url ? await openStore(postgres.url) : undefined;

afterAll(async () => {
  await shared?.store.close();
  await postgres?.drop?.();
});

describeBackends(backends, 'suppression import and export API on $name', ({ url }) => {
  let t: TestApp;
  beforeEach(async () => {
    if (url && shared) await emptyDatabase(shared.db as Kysely<Database>);
    t = await createTestApp(url ? { databaseUrl: url } : {});
  });
  afterEach(() => t.cleanup());

  async function callAs(token: string | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await t.app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response as unknown as JsonResponse;
  }

  async function appToken(): Promise<string> {
    return (await (await t.call('POST', '/v1/tokens', { name: 'some app' })).json()).token;
  }

  it('imports with the operator token and answers the summary; closes pending invitations', async () => {
    const alice = (await (await t.call('POST', '/v1/members', { email: 'a@example.org', name: 'A' })).json())
      .id;
    const invitation = (
      await (await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'x@example.net' })).json()
    ).id;
    await t.call('POST', '/v1/suppressions', { email: 'known@example.net' });
    t.clock.advance(60_000);
    const response = await t.call('POST', '/v1/suppressions/import', {
      emails: ['X@example.net', 'j.doe@gmail.com', 'jdoe+x@googlemail.com', 'nope', 'known@example.net', ''],
      reason: 'complaint',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      read: 6,
      added: 2,
      existing: 2,
      invalid: [
        { index: 3, code: 'invalid_email' },
        { index: 5, code: 'invalid_email' },
      ],
      invalidCount: 2,
    });
    expect((await (await t.call('GET', `/v1/invitations/${invitation}`)).json()).status).toBe(
      'undeliverable',
    );
    const check = await (await t.call('GET', '/v1/suppressions/check?email=jdoe%40gmail.com')).json();
    expect(check).toEqual({ suppressed: true, scope: 'global', reason: 'complaint' });
  });

  it('is the operator’s alone: an app token gets 403, no token 401', async () => {
    const token = await appToken();
    for (const [method, path, body] of [
      ['POST', '/v1/suppressions/import', { emails: ['x@example.net'] }],
      ['GET', '/v1/suppressions/export', undefined],
    ] as const) {
      const forbidden = await callAs(token, method, path, body);
      expect(forbidden.status, path).toBe(403);
      expect((await forbidden.json()).code).toBe('forbidden_for_app_token');
      const anonymous = await callAs(null, method, path, body);
      expect(anonymous.status, path).toBe(401);
      expect((await anonymous.json()).code).toBe('unauthorized');
    }
    expect(await t.core.store.listSuppressions({ limit: 10 })).toEqual([]);
  });

  it('refuses reasons only Kindly records, a bad scope, an empty list and more than 10,000 addresses', async () => {
    const refuse = async (body: unknown, detail: RegExp) => {
      const response = await t.call('POST', '/v1/suppressions/import', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      const problem = await response.json();
      expect(problem.code).toBe('invalid_input');
      expect(problem.detail).toMatch(detail);
    };
    await refuse({ emails: ['x@example.net'], reason: 'decline-block' }, /cannot be imported/);
    await refuse({ emails: ['x@example.net'], reason: 'soft-bounce' }, /cannot be imported/);
    await refuse({ emails: ['x@example.net'], reason: 'because' }, /reason must be one of/);
    await refuse({ emails: ['x@example.net'], scope: 'everyone' }, /scope/);
    await refuse({ emails: [] }, /emails/);
    await refuse({ emails: ['x@example.net'], extra: 1 }, /Unknown field: extra/);
    await refuse(
      { emails: Array.from({ length: 10_001 }, (_, i) => `${i}@e.io`) },
      /at most 10000 addresses/,
    );
    expect(await t.core.store.listSuppressions({ limit: 10 })).toEqual([]);
  });

  it('takes bodies up to 1 MiB on the import alone; everything else keeps 64 KiB', async () => {
    // 10,000 addresses of 33 bytes: about 370 KB, over the API's limit and under the import's.
    const emails = Array.from(
      { length: 10_000 },
      (_, i) => `someone.${String(i).padStart(5, '0')}@example.org`,
    );
    expect(JSON.stringify({ emails }).length).toBeGreaterThan(maxBodyBytes);
    const response = await t.call('POST', '/v1/suppressions/import', { emails });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ read: 10_000, added: 10_000, invalidCount: 0 });

    const huge = { emails: [`${'a'.repeat(maxImportBodyBytes)}@example.org`] };
    const tooLarge = await t.call('POST', '/v1/suppressions/import', huge);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).code).toBe('payload_too_large');
    const elsewhere = await t.call('POST', '/v1/suppressions', {
      email: `${'a'.repeat(maxBodyBytes)}@x.org`,
    });
    expect(elsewhere.status).toBe(413);
  }, 120_000);

  it('exports keys page by page, each exactly once, and refuses a cursor it did not give', async () => {
    const emails = Array.from({ length: 11 }, (_, i) => `p${i}@example.org`);
    await t.call('POST', '/v1/suppressions/import', { emails: emails.slice(0, 6) });
    t.clock.advance(1000);
    await t.call('POST', '/v1/suppressions/import', { emails: emails.slice(6), scope: 'inviter:mem_z' });
    await t.call('POST', '/v1/suppressions/import', { emails: ['p0@example.org'], scope: 'inviter:mem_z' });

    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `limit=4&cursor=${cursor}` : 'limit=4';
      const response = await t.call('GET', `/v1/suppressions/export?${query}`);
      expect(response.status).toBe(200);
      const page = await response.json();
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(await t.core.store.listSuppressions({ limit: 100 }));
    expect(seen).toHaveLength(12);
    expect(Object.keys(seen[0] as object)).toEqual(['key', 'scope', 'reason', 'source', 'createdAt']);
    expect(JSON.stringify(seen)).not.toContain('example.org');

    const all = await (await t.call('GET', '/v1/suppressions/export')).json();
    expect(all.items).toHaveLength(12);
    expect(all.nextCursor).toBeNull();
    for (const query of ['cursor=bm9wZQ', 'limit=0', 'limit=1001', 'email=x']) {
      const response = await t.call('GET', `/v1/suppressions/export?${query}`);
      expect(response.status, query).toBe(422);
      expect((await response.json()).code).toBe('invalid_input');
    }
  });
});
