/**
 * The random histories of the consent property test: what can happen to few addresses invited by
 * many inviters, and how each step is played on a `ConsentWorld` through the real use cases. (Test-only.)
 */
import fc from 'fast-check';
import { KindlyError } from '../core/errors.js';
import { invite } from '../core/invite.js';
import type { Invitation, Member } from '../core/model.js';
import { accept, blockInviter, decline, stopFromLanding, stopFromLink } from '../core/recipient-actions.js';
import { dayMs } from '../core/rules.js';
import { suppress } from '../core/suppress.js';
import { withdrawInvitation } from '../core/withdraw.js';
import { withdrawMany } from '../core/withdraw-many.js';
import type { ConsentWorld } from './consent-world.js';

/** Few addresses, two spellings of the first (one suppression key), many inviters. */
export const addresses = [
  ['jo.doe@gmail.com', 'JoDoe+news@googlemail.com'],
  ['kim@example.net'],
  ['lee@example.org'],
];
export const inviterNames = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
const hourMs = 3_600_000;

export type Answer = 'accept' | 'decline' | 'block' | 'never-again' | 'stop-link';

export type Step =
  | { do: 'invite'; inviter: number; address: number; spelling: number; reminders: number | undefined }
  /** Several inviters invite one address at the same moment: what fills its window. */
  | { do: 'burst'; address: number; from: number; count: number }
  | { do: 'advance'; hours: number }
  | { do: 'work' }
  /** The recipient acts on one link of one message they received. */
  | { do: 'answer'; mail: number; item: number; answer: Answer }
  | { do: 'withdraw'; inviter: number; pick: number; all: boolean }
  /** A hard bounce reported later (`dsn`), or a mailbox that is gone when next mailed (`smtp`). */
  | { do: 'bounce'; address: number; how: 'dsn' | 'smtp' }
  /** Jump to the next expiry, or the next redaction due, and let the worker run. */
  | { do: 'expire' }
  | { do: 'redact' };

const inviterIndex = fc.nat(inviterNames.length - 1);
const addressIndex = fc.nat(addresses.length - 1);

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      do: fc.constant('invite' as const),
      inviter: inviterIndex,
      address: addressIndex,
      spelling: fc.nat(1),
      reminders: fc.option(fc.nat(2), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('burst' as const),
      address: addressIndex,
      from: inviterIndex,
      count: fc.integer({ min: 2, max: 5 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ do: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 480 }) }),
  },
  { weight: 6, arbitrary: fc.record({ do: fc.constant('work' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      do: fc.constant('answer' as const),
      mail: fc.nat(),
      item: fc.nat(),
      answer: fc.constantFrom<Answer>('accept', 'decline', 'block', 'never-again', 'stop-link'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('withdraw' as const),
      inviter: inviterIndex,
      pick: fc.nat(),
      all: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('bounce' as const),
      address: addressIndex,
      how: fc.constantFrom('dsn', 'smtp'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('expire' as const) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('redact' as const) }) },
);

/** What a step may act on: the inviters, and the links of the messages received so far. */
export interface HistoryState {
  inviters: Member[];
  received: Array<{ landing: string[]; stop: string }>;
  /** Keys whose mailbox is gone: the SMTP peer refuses them with 5.1.1. */
  dead: Set<string>;
}

/** A user's action may be refused by a rule; only an unexpected error fails the property. */
async function tolerate(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof KindlyError)) throw error;
  }
}

async function allInvitations(w: ConsentWorld): Promise<Invitation[]> {
  return w.core.store.listInvitations({ limit: 10_000 });
}

/** Plays one step; returns whether the worker ran. */
export async function playStep(w: ConsentWorld, state: HistoryState, step: Step): Promise<boolean> {
  const core = w.core;
  const inviteFrom = (inviter: Member | undefined, email: string, reminders?: number) =>
    inviter ? tolerate(() => invite(core, { inviterId: inviter.id, email, reminders })) : Promise.resolve();
  const jumpTo = async (at: number) => {
    if (Number.isFinite(at)) w.clock.set(new Date(Math.max(at + 60_000, w.clock.now().getTime())));
    await w.smtp.drain();
    return true;
  };
  switch (step.do) {
    case 'invite': {
      const spellings = addresses[step.address] ?? [];
      await inviteFrom(
        state.inviters[step.inviter],
        spellings[step.spelling] ?? spellings[0] ?? '',
        step.reminders,
      );
      return false;
    }
    case 'burst':
      for (let i = 0; i < step.count; i += 1) {
        const spellings = addresses[step.address] ?? [];
        await inviteFrom(
          state.inviters[(step.from + i) % state.inviters.length],
          spellings[i % spellings.length] ?? '',
        );
      }
      return false;
    case 'advance':
      w.clock.advance(step.hours * hourMs);
      return false;
    case 'work':
      await w.smtp.drain();
      return true;
    case 'answer': {
      const mail = state.received[step.mail % Math.max(1, state.received.length)];
      const token = mail?.landing[step.item % Math.max(1, mail.landing.length)];
      if (!mail || !token) return false;
      const act: Record<Answer, () => Promise<unknown>> = {
        accept: () => accept(core, token, 'Recipient'),
        decline: () => decline(core, token),
        block: () => blockInviter(core, token),
        'never-again': () => stopFromLanding(core, token),
        'stop-link': () => stopFromLink(core, mail.stop, 'one-click'),
      };
      await tolerate(act[step.answer]);
      return false;
    }
    case 'withdraw': {
      const inviter = state.inviters[step.inviter];
      if (!inviter) return false;
      if (step.all) {
        await tolerate(() => withdrawMany(core, { inviterId: inviter.id }));
        return false;
      }
      const pending = await core.store.listInvitations({
        inviterId: inviter.id,
        state: 'pending',
        limit: 100,
      });
      const chosen = pending[step.pick % Math.max(1, pending.length)];
      if (chosen) await tolerate(() => withdrawInvitation(core, chosen.id));
      return false;
    }
    case 'bounce': {
      const key = core.keyOf(addresses[step.address]?.[0] ?? '');
      if (step.how === 'smtp') state.dead.add(key);
      else
        await suppress(core, {
          key,
          scope: 'global',
          reason: 'hard-bounce',
          source: 'bounce:test',
          actor: 'system',
        });
      return false;
    }
    case 'expire': {
      const pending = (await allInvitations(w)).filter((i) => i.state === 'pending');
      return jumpTo(Math.min(...pending.map((i) => Date.parse(i.expiresAt))));
    }
    case 'redact': {
      const closed = (await allInvitations(w)).filter(
        (i) => i.closedAt && i.recipientEmail && i.state !== 'accepted',
      );
      return jumpTo(Math.min(...closed.map((i) => Date.parse(i.closedAt ?? '') + 30 * dayMs)));
    }
  }
}
