/**
 * People you may know in two steps: one statement reaches and ranks everyone (friends of friends
 * counted, the member's own book matched to discoverable members by address key), then the
 * per-person rules run on the best-ranked only, a round at a time, until the page is full. Every step
 * reads by an index: `connections_pk` and `connections_b_a` from both ends, `contact_addresses_member_key`
 * for the member's own book, `members_email_key_unique`, `invitations_inviter_recipient` for pending
 * invitations either way, `suggestion_dismissals_pk`.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { SuggestionCandidate } from '../core/contacts-store.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

interface RankedRow {
  id: string;
  mutual: number | string;
  in_book: number | string;
}

/**
 * Everyone the member reaches, ranked, before the per-person rules: friends of friends (counted once
 * per mutual connection) and discoverable members whose key is in the member's own book. Friends of
 * the member and the member themselves are left out here already. Apart so the benchmark can print
 * its plan.
 */
export function rankedReachQuery(memberId: string, contactWeight: number): RawBuilder<RankedRow> {
  // `in (select id from friends)` rather than a join: SQLite then seeks each end's index per friend
  // instead of scanning connections.
  return sql<RankedRow>`
    with friends(id) as (
      select member_b from connections where member_a = ${memberId}
      union
      select member_a from connections where member_b = ${memberId}
    ),
    reached(id, via_friend, in_book) as (
      select c.member_b, 1, 0 from connections c where c.member_a in (select id from friends)
      union all
      select c.member_a, 1, 0 from connections c where c.member_b in (select id from friends)
      union all
      select m.id, 0, 1 from contact_addresses ca join members m on m.email_key = ca.key
      where ca.member_id = ${memberId} and m.discoverable = 1
    )
    select id, sum(via_friend) as mutual, max(in_book) as in_book
    from reached
    where id <> ${memberId} and id not in (select id from friends)
    group by id
    order by sum(via_friend) + max(in_book) * ${sql.lit(contactWeight)} desc, sum(via_friend) desc, id`;
}

/** Candidates examined per round of the per-person rules. */
const round = 100;

export async function listSuggestions(
  db: Db,
  memberId: string,
  memberKey: string,
  options: { limit: number; contactWeight: number },
): Promise<SuggestionCandidate[]> {
  const ranked = (await rankedReachQuery(memberId, options.contactWeight).execute(db)).rows;
  const found: SuggestionCandidate[] = [];
  // The per-person rules (left, dismissed, pending either way, invite policy) only for as many of the
  // best-ranked as it takes to fill the page.
  for (let start = 0; start < ranked.length && found.length < options.limit; start += round) {
    const part = ranked.slice(start, start + round);
    const allowed = await sql<{ id: string; name: string; invite_policy: string }>`
      select m.id, m.name, m.invite_policy from members m
      where m.id in (${sql.join(part.map((r) => r.id))})
        and m.deleted_at is null
        and m.invite_policy <> 'nobody'
        and not exists (
          select 1 from suggestion_dismissals d where d.member_id = ${memberId} and d.other_id = m.id)
        and not exists (
          select 1 from invitations i
          where i.inviter_id = ${memberId} and i.recipient_key = m.email_key and i.state = 'pending')
        and not exists (
          select 1 from invitations i
          where i.inviter_id = m.id and i.recipient_key = ${memberKey} and i.state = 'pending')`.execute(db);
    const byId = new Map(allowed.rows.map((row) => [row.id, row]));
    for (const r of part) {
      const member = byId.get(r.id);
      const mutualConnections = Number(r.mutual);
      if (!member || (member.invite_policy === 'mutual' && mutualConnections === 0)) continue;
      found.push({
        memberId: r.id,
        name: member.name,
        mutualConnections,
        inYourContacts: Number(r.in_book) === 1,
      });
      if (found.length === options.limit) break;
    }
  }
  return found;
}

export async function dismissSuggestion(
  db: Db,
  memberId: string,
  otherId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('suggestion_dismissals')
    .values({ member_id: memberId, other_id: otherId, created_at: at })
    .onConflict((oc) => oc.columns(['member_id', 'other_id']).doNothing())
    .execute();
}

export async function haveMutualConnection(db: Db, a: string, b: string): Promise<boolean> {
  const row = await sql<{ one: number }>`
    with of_a(id) as (
      select member_b from connections where member_a = ${a}
      union select member_a from connections where member_b = ${a}
    )
    select 1 as one from of_a f
    where exists (select 1 from connections c where c.member_a = f.id and c.member_b = ${b})
       or exists (select 1 from connections c where c.member_a = ${b} and c.member_b = f.id)
    limit 1`.execute(db);
  return row.rows.length > 0;
}
