/**
 * People you may know, as one statement: friends of friends counted, the member's own book matched
 * to discoverable members by address key, everything the rules leave out removed, ranked, limited.
 * Every step reads by an index: `connections_pk` and `connections_b_a` from both ends,
 * `contact_addresses_member_key` for the member's own book, `members_email_key_unique`,
 * `invitations_inviter_recipient` for pending invitations either way, `suggestion_dismissals_pk`.
 */
import { type Kysely, sql } from 'kysely';
import type { SuggestionCandidate } from '../core/contacts-store.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function listSuggestions(
  db: Db,
  memberId: string,
  memberKey: string,
  options: { limit: number; contactWeight: number },
): Promise<SuggestionCandidate[]> {
  const rows = await sql<{ id: string; name: string; mutual: number | string; in_book: number | string }>`
    with friends(id) as (
      select member_b from connections where member_a = ${memberId}
      union
      select member_a from connections where member_b = ${memberId}
    ),
    via_friends(id) as (
      select c.member_b from friends f join connections c on c.member_a = f.id
      union all
      select c.member_a from friends f join connections c on c.member_b = f.id
    ),
    mutual(id, n) as (select id, count(*) from via_friends group by id),
    in_book(id) as (
      select distinct m.id from contact_addresses ca join members m on m.email_key = ca.key
      where ca.member_id = ${memberId} and m.discoverable = 1 and m.deleted_at is null
    ),
    candidates(id) as (select id from mutual union select id from in_book)
    select m.id, m.name, coalesce(mu.n, 0) as mutual, case when b.id is null then 0 else 1 end as in_book
    from candidates c
    join members m on m.id = c.id
    left join mutual mu on mu.id = c.id
    left join in_book b on b.id = c.id
    where m.id <> ${memberId}
      and m.deleted_at is null
      and (m.invite_policy = 'anyone' or (m.invite_policy = 'mutual' and mu.n is not null))
      and not exists (select 1 from friends f where f.id = m.id)
      and not exists (
        select 1 from suggestion_dismissals d where d.member_id = ${memberId} and d.other_id = m.id)
      and not exists (
        select 1 from invitations i
        where i.inviter_id = ${memberId} and i.recipient_key = m.email_key and i.state = 'pending')
      and not exists (
        select 1 from invitations i
        where i.inviter_id = m.id and i.recipient_key = ${memberKey} and i.state = 'pending')
    order by coalesce(mu.n, 0) + case when b.id is null then 0 else ${sql.lit(options.contactWeight)} end desc,
      coalesce(mu.n, 0) desc, m.name, m.id
    limit ${options.limit}`.execute(db);
  return rows.rows.map((r) => ({
    memberId: r.id,
    name: r.name,
    mutualConnections: Number(r.mutual),
    inYourContacts: Number(r.in_book) === 1,
  }));
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
