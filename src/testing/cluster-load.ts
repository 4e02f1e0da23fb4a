/**
 * Load for the cluster tests: members and invitations through the real API, many requests at
 * once, spread round the API processes; a seeded random source so a failing run can be replayed;
 * and a look at the outbox table itself.
 */
import type { Kysely } from 'kysely';
import { boundedMap } from '../outbox/bounded-map.js';
import { openStore } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import type { Cluster } from './cluster.js';

/** mulberry32: a small, fast, seeded PRNG; `KINDLY_TEST_SEED` overrides the test's own seed. */
export function seededRandom(seed: number): () => number {
  let state = Number(process.env.KINDLY_TEST_SEED ?? seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates `count` members (inviters); returns their ids in order. */
export async function createInviters(cluster: Cluster, count: number, prefix = 'inviter'): Promise<string[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return boundedMap(indexes, 16, async (i) => {
    const created = await cluster
      .api(i)
      .api('POST', '/v1/members', { email: `${prefix}-${i}@members.test`, name: `Inviter ${i}` });
    if (created.status !== 201)
      throw new Error(`member ${i}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  });
}

export interface InviteCall {
  inviterId: string;
  email: string;
}

/**
 * `count` invitations from `inviters`, each inviter getting at most `perInviter`, to
 * `r<i>@<domain>`: inviter `i % inviters.length`, so consecutive invitations come from different
 * members and no per-inviter limit is near.
 */
export function invitationPlan(inviters: string[], count: number, domain = 'example.net'): InviteCall[] {
  return Array.from({ length: count }, (_, i) => ({
    inviterId: inviters[i % inviters.length] as string,
    email: `r${i}@${domain}`,
  }));
}

export interface InviteResult extends InviteCall {
  status: number;
  invitationId: string | undefined;
}

/**
 * Sends every invitation, `concurrency` at a time; any status other than 201/200 is an error.
 * `onResult` sees each as it is answered, for tests that act on invitations already accepted.
 */
export async function inviteAll(
  cluster: Cluster,
  calls: InviteCall[],
  concurrency = 12,
  onResult?: (result: InviteResult) => void,
): Promise<InviteResult[]> {
  let n = 0;
  return boundedMap(calls, concurrency, async (call) => {
    const response = await cluster.api(n++).api('POST', '/v1/invitations', call);
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`invite ${call.email}: ${response.status} ${JSON.stringify(response.body)}`);
    const result = { ...call, status: response.status, invitationId: response.body.id };
    onResult?.(result);
    return result;
  });
}

export interface OutboxRow {
  id: string;
  /** The invitation's recipient, for tests that follow addresses. */
  email: string | null;
  kind: string;
  invitation_id: string | null;
  to_key: string;
  state: string;
  attempts: number;
  last_error: string | null;
  handoff_at: string | null;
}

/** Reads the outbox table directly (the test's own connection). */
export async function openOutbox(databaseUrl: string): Promise<{
  /** The invitation messages (reminders and digests wait for days and are not these tests' concern). */
  rows(): Promise<OutboxRow[]>;
  db: Kysely<Database>;
  close(): Promise<void>;
}> {
  const { db, store } = await openStore(databaseUrl, { migrate: false });
  return {
    db,
    rows: async () =>
      (
        await db
          .selectFrom('messages')
          .leftJoin('invitations', 'invitations.id', 'messages.invitation_id')
          .select([
            'messages.id',
            'messages.kind',
            'messages.invitation_id',
            'messages.to_key',
            'messages.state',
            'messages.attempts',
            'messages.last_error',
            'messages.handoff_at',
            'invitations.recipient_email as email',
          ])
          .where('messages.kind', '=', 'invitation')
          .execute()
      ).map((row) => ({ ...row, attempts: Number(row.attempts) })),
    close: () => store.close(),
  };
}

/** `msg_x@kindly.test` → `msg_x`. */
export const outboxIdOf = (messageId: string) => messageId.slice(0, messageId.indexOf('@'));

/** Deliveries per Message-ID. */
export function countByMessageId(deliveries: ReadonlyArray<{ messageId: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of deliveries) counts.set(d.messageId, (counts.get(d.messageId) ?? 0) + 1);
  return counts;
}
