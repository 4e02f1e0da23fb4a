import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { checkDisplayName } from './display-name.js';
import { KindlyError } from './errors.js';
import type { Member } from './model.js';
import { UniqueViolation } from './ports.js';

export interface NewMember {
  email: string;
  name: string;
  externalId?: string | null;
  allowReplyTo?: boolean;
}

export async function createMember(deps: CoreDeps, input: NewMember, actor = 'operator'): Promise<Member> {
  const email = parseAddress(input.email);
  const member: Member = {
    id: deps.ids.id('mem'),
    email,
    emailKey: deps.keyOf(email),
    name: checkDisplayName(input.name, { brand: deps.brand, maxLength: deps.rules.nameMaxLength }),
    externalId: input.externalId ?? null,
    allowReplyTo: input.allowReplyTo ?? true,
    createdAt: deps.clock.now().toISOString(),
  };
  const write = deps.store.transaction(async (tx) => {
    if (await tx.findMemberByEmailKey(member.emailKey)) throw new KindlyError('member_exists');
    if (member.externalId && (await tx.findMemberByExternalId(member.externalId))) {
      throw new KindlyError('member_exists');
    }
    await tx.insertMember(member);
    await recordEvent(tx, deps.ids, deps.clock.now(), {
      actor,
      action: 'member.created',
      subjectType: 'member',
      subjectId: member.id,
    });
    return member;
  });
  // Two concurrent creations of one address: the loser hears what a sequential one would.
  return write.catch((error: unknown) => {
    throw error instanceof UniqueViolation
      ? new KindlyError('member_exists', undefined, { cause: error })
      : error;
  });
}

export async function getMember(deps: CoreDeps, id: string): Promise<Member> {
  const member = await deps.store.getMember(id);
  if (!member) throw new KindlyError('not_found', 'No member has that id.');
  return member;
}
