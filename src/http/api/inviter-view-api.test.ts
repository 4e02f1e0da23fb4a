/**
 * The inviter's view through the API, on SQLite and Postgres: an app token inviting a member's
 * address, a stranger's, a suppressed one, one that bounced before, one that blocked this inviter and
 * one held back by the recipient cap gets answers and later reads that differ in nothing but ids and
 * addresses, and each of the first five costs the same rows in every table. The operator's token sees
 * the truth. (Timing is compared by `bench/inviter-view-latency.ts`, not here.)
 */
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { invitationStates } from '../../core/model.js';
import { openStore } from '../../store/open-store.js';
import type { Database } from '../../store/schema.js';
import { consentBackends } from '../../testing/consent-world.js';
import { rowCounts } from '../../testing/database-scan.js';
import { describeBackends } from '../../testing/describe-backends.js';
import { emptyDatabase } from '../../testing/empty-database.js';
import { submit } from '../../testing/page-test-requests.js';
import { createRulesHarness, landingTokens, type RulesHarness } from '../../testing/rules-harness.js';
import type { JsonResponse } from '../../testing/test-app.js';

const backends = await consentBackends('the Postgres half of the inviter’s view API tests');

/** One address per way a recipient can stand; the first five cost the same writes. */
const recipients = {
  member: 'mia@example.net',
  stranger: 'stan@example.net',
  suppressed: 'sue@example.net',
  bounced: 'gone@example.net',
  blocked: 'bob@example.net',
  capped: 'cap@example.net',
} as const;
type Kind = keyof typeof recipients;
const kinds = Object.keys(recipients) as Kind[];
const sameWrites: Kind[] = ['member', 'stranger', 'suppressed', 'bounced', 'blocked'];

describeBackends(backends, 'the inviter’s view on $name', (backend) => {
  let h: RulesHarness;
  let db: Kysely<Database>;
  let dialect: 'sqlite' | 'postgres';
  let closeDb: () => Promise<void>;
  let appToken: string;
  let alice: string;

  afterAll(() => backend.drop());
  beforeEach(async () => {
    const opened = await openStore(backend.url, { migrate: true });
    db = opened.db as Kysely<Database>;
    dialect = opened.dialect.name;
    closeDb = () => opened.store.close();
    await emptyDatabase(db);
    h = await createRulesHarness({ databaseUrl: backend.url, rules: { inviterPendingLimit: 7 } });
    appToken = (await (await h.call('POST', '/v1/tokens', { name: 'the network app' })).json()).token;
    alice = (await h.member('Alice')).id;
  });
  afterEach(async () => {
    await h.close();
    await closeDb();
  });

  const asApp = (method: string, path: string, body?: unknown) => h.callWith(appToken, method, path, body);

  /** A response with everything that names one invitation or address replaced by a placeholder. */
  async function shape(response: JsonResponse, id: string, email: string) {
    const text = (await response.text()).replaceAll(id, '<id>').replaceAll(email, '<email>');
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value.replaceAll(id, '<id>')}`);
    return { status: response.status, headers: headers.sort(), body: JSON.parse(text) as unknown };
  }

  /**
   * Bob blocks Alice from her first invitation, 181 days ago (past the "no thanks" wait); Sue opted
   * out of everything; Gone bounced hard; Mia is a member; Cap got three invitations this month.
   */
  async function standings(): Promise<void> {
    await asApp('POST', '/v1/members', { email: recipients.member, name: 'Mia Member' });
    await asApp('POST', '/v1/invitations', { inviterId: alice, email: recipients.blocked });
    await h.drain();
    const [token] = landingTokens(h.peer.received[0] ?? ({} as never));
    const block = await submit(h.app, `/r/${token}/block`, `/r/${token}/block`);
    expect(block.html).toContain('will not be told that you blocked them');
    h.advanceDays(181);
    await h.call('POST', '/v1/suppressions', { email: recipients.suppressed, reason: 'stop' });
    await h.call('POST', '/v1/suppressions', { email: recipients.bounced, reason: 'hard-bounce' });
    for (const name of ['Carol', 'Dave', 'Erin']) {
      await h.call('POST', '/v1/invitations', {
        inviterId: (await h.member(name)).id,
        email: recipients.capped,
      });
    }
    // Alice invited someone today, as an active inviter has: her gate row exists before the first
    // request measured below, as it does for every later one.
    const today = await (
      await asApp('POST', '/v1/invitations', { inviterId: alice, email: 'warm@example.net' })
    ).json();
    await asApp('POST', `/v1/invitations/${today.id}/withdraw`);
    await h.drain();
    h.peer.received.length = 0;
  }

  /** Alice invites each kind as her app; the answers, and the rows each request added per table. */
  async function inviteEach() {
    const ids = {} as Record<Kind, string>;
    const answers = {} as Record<Kind, Awaited<ReturnType<typeof shape>>>;
    const writes = {} as Record<Kind, Record<string, number>>;
    for (const kind of kinds) {
      const before = await rowCounts(db, dialect);
      const response = await asApp('POST', '/v1/invitations', {
        inviterId: alice,
        email: recipients[kind],
        note: 'Hi, shall we connect?',
        reminders: 2,
      });
      const after = await rowCounts(db, dialect);
      writes[kind] = Object.fromEntries(
        Object.keys(after).map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)]),
      );
      ids[kind] = ((await response.clone().json()) as { id: string }).id;
      answers[kind] = await shape(response, ids[kind], recipients[kind]);
    }
    return { ids, answers, writes };
  }

  async function readEach(ids: Record<Kind, string>) {
    const reads = {} as Record<Kind, Awaited<ReturnType<typeof shape>>>;
    for (const kind of kinds) {
      reads[kind] = await shape(
        await asApp('GET', `/v1/invitations/${ids[kind]}`),
        ids[kind],
        recipients[kind],
      );
    }
    return reads;
  }

  /** Which of `ids` each status filter lists for the app, and the list's items as their own reads. */
  async function listed(ids: Record<Kind, string>) {
    const byStatus: Record<string, Kind[]> = {};
    for (const status of invitationStates) {
      const page = await (await asApp('GET', `/v1/invitations?inviterId=${alice}&status=${status}`)).json();
      byStatus[status] = kinds.filter((kind) =>
        page.items.some((item: { id: string }) => item.id === ids[kind]),
      );
    }
    return byStatus;
  }

  function expectAllAlike<T>(byKind: Record<Kind, T>, only: readonly Kind[] = kinds) {
    for (const kind of only) expect({ kind, value: byKind[kind] }).toEqual({ kind, value: byKind.stranger });
  }

  it('answers, reads, lists and filters every recipient alike, and writes the same rows for each', async () => {
    await standings();
    const { ids, answers, writes } = await inviteEach();
    expectAllAlike(answers);
    expect(answers.stranger).toMatchObject({ status: 201, body: { status: 'pending', closedAt: null } });
    expect(answers.stranger.body).not.toHaveProperty('delivery');
    expectAllAlike(writes, sameWrites);
    expect(writes.stranger).toMatchObject({ invitations: 1, messages: 1, events: 1 });

    // Asking again while pending answers the same invitation, 200, for every one.
    const again = {} as Record<Kind, Awaited<ReturnType<typeof shape>>>;
    for (const kind of kinds) {
      const response = await asApp('POST', '/v1/invitations', { inviterId: alice, email: recipients[kind] });
      again[kind] = await shape(response, ids[kind], recipients[kind]);
    }
    expectAllAlike(again);
    expect(again.stranger.status).toBe(200);

    const pendingAll = { pending: kinds, declined: [], undeliverable: [], expired: [] };
    expectAllAlike(await readEach(ids));
    expect(await listed(ids)).toMatchObject(pendingAll);
    // The whole list, newest first: one instant, so ordered by id alone, whatever the recipient.
    const page = await (await asApp('GET', `/v1/invitations?inviterId=${alice}`)).json();
    const order = page.items
      .map((item: { id: string }) => item.id)
      .filter((id: string) => Object.values(ids).includes(id));
    expect(order).toEqual(Object.values(ids).sort().reverse());
    // The worker sends what it may; the reads do not move.
    await h.drain();
    expectAllAlike(await readEach(ids));

    // Past the first reminder's date: the schedule the invitation disclosed, for all alike; only the
    // stranger and the member were really mailed.
    h.advanceDays(7);
    h.clock.advance(60_000);
    await h.drain();
    const mailed = h.peer.received.flatMap((m) => m.envelopeTo).sort();
    expect(mailed).toEqual([recipients.member, recipients.member, recipients.stranger, recipients.stranger]);
    const week = await readEach(ids);
    expectAllAlike(week);
    expect(week.stranger.body).toMatchObject({ status: 'pending', reminders: { planned: 2, sent: 1 } });

    // Past the promised expiry: expired, closed at that expiry, for all alike (the capped one is held
    // open for its digest in truth).
    h.advanceDays(23);
    await h.drain();
    const month = await readEach(ids);
    expectAllAlike(month);
    expect(month.stranger.body).toMatchObject({ status: 'expired', reminders: { sent: 2, nextAt: null } });
    expect(await listed(ids)).toMatchObject({ ...pendingAll, pending: [], expired: kinds });
  });

  it('tells undeliverable only to the inviter whose own message bounced', async () => {
    const carol = (await h.member('Carol')).id;
    const email = 'gone.soon@example.net';
    const invite = async (inviterId: string) =>
      ((await (await asApp('POST', '/v1/invitations', { inviterId, email })).json()) as { id: string }).id;
    const carols = await invite(carol);
    await h.drain();
    h.peer.answerRcpt = (address) =>
      address === email ? { code: 550, message: '5.1.1 no such user' } : 'accept';
    h.clock.advance(60_000);
    const alices = await invite(alice);
    await h.drain();
    const read = async (id: string) => (await asApp('GET', `/v1/invitations/${id}`)).json();
    expect(await read(alices)).toMatchObject({
      status: 'undeliverable',
      closedAt: h.clock.now().toISOString(),
    });
    const page = await (await asApp('GET', `/v1/invitations?inviterId=${alice}&status=undeliverable`)).json();
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([alices]);
    // Carol's mail was delivered; the suppression the bounce made closed hers too, which she is not told.
    expect(await read(carols)).toMatchObject({ status: 'pending', closedAt: null });
    expect(await (await h.call('GET', `/v1/invitations/${carols}`)).json()).toMatchObject({
      status: 'undeliverable',
    });
  });

  it('shows the operator the truth', async () => {
    await standings();
    const { ids } = await inviteEach();
    const truth = async (kind: Kind) => (await h.call('GET', `/v1/invitations/${ids[kind]}`)).json();
    expect(await truth('stranger')).toMatchObject({ status: 'pending', delivery: 'queued' });
    for (const kind of ['suppressed', 'bounced', 'blocked'] as const) {
      expect(await truth(kind)).toMatchObject({ status: 'undeliverable', delivery: 'failed' });
    }
    const capped = await truth('capped');
    expect(capped).toMatchObject({ status: 'pending', delivery: 'deferred', reminders: { nextAt: null } });
    expect(Date.parse(capped.expiresAt)).toBeGreaterThan(Date.parse((await truth('stranger')).expiresAt));
    const page = await (
      await h.call('GET', `/v1/invitations?inviterId=${alice}&status=undeliverable`)
    ).json();
    const listedIds: string[] = page.items.map((item: { id: string }) => item.id);
    expect(kinds.filter((kind) => listedIds.includes(ids[kind]))).toEqual([
      'suppressed',
      'bounced',
      'blocked',
    ]);
  });

  it('counts each toward the pending limit, and withdraws each alike, one by one or all at once', async () => {
    await standings();
    const { ids } = await inviteEach();
    // Six open, and the limit is seven: one more fits, then 429 whoever is invited.
    expect(
      (await asApp('POST', '/v1/invitations', { inviterId: alice, email: 'seventh@example.net' })).status,
    ).toBe(201);
    expect(
      (await asApp('POST', '/v1/invitations', { inviterId: alice, email: 'eighth@example.net' })).status,
    ).toBe(429);
    h.clock.advance(60_000);
    const withdrawn = {} as Record<Kind, Awaited<ReturnType<typeof shape>>>;
    const refused = {} as Record<Kind, Awaited<ReturnType<typeof shape>>>;
    for (const kind of kinds) {
      const response = await asApp('POST', `/v1/invitations/${ids[kind]}/withdraw`);
      withdrawn[kind] = await shape(response, ids[kind], recipients[kind]);
      const twice = await asApp('POST', `/v1/invitations/${ids[kind]}/withdraw`);
      refused[kind] = await shape(twice, ids[kind], recipients[kind]);
    }
    expectAllAlike(withdrawn);
    expect(withdrawn.stranger.body).toMatchObject({ status: 'withdrawn' });
    expectAllAlike(refused);
    expect(refused.stranger).toMatchObject({ status: 409, body: { code: 'invitation_not_pending' } });
    expect(await listed(ids)).toMatchObject({ withdrawn: kinds, pending: [] });
    // Re-inviting within the withdrawal wait: the same 409 and Retry-After for every one.
    const cooldown = {} as Record<Kind, Awaited<ReturnType<typeof shape>>>;
    for (const kind of kinds) {
      const response = await asApp('POST', '/v1/invitations', { inviterId: alice, email: recipients[kind] });
      cooldown[kind] = await shape(response, ids[kind], recipients[kind]);
    }
    expectAllAlike(cooldown);
    expect(cooldown.stranger).toMatchObject({ status: 409, body: { code: 'reinvite_after_withdrawal' } });

    // Withdraw all, 21 days on: the count includes every one of them (and the seventh, still open).
    h.advanceDays(21);
    for (const kind of kinds)
      await asApp('POST', '/v1/invitations', { inviterId: alice, email: recipients[kind] });
    const all = await asApp('POST', '/v1/invitations/withdraw', { inviterId: alice });
    expect(await all.json()).toEqual({ withdrawn: kinds.length + 1 });
  });
});
