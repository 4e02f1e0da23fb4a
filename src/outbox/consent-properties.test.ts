/**
 * The consent rules as properties, over random histories of many inviters and few addresses: a real
 * store (SQLite and Postgres), the real outbox worker and scheduler, a real SMTP peer. After every
 * step, from what actually arrived at the peer and what the database holds (`consent-invariants.ts`):
 * at most 1 + chosen reminders per invitation; at most 3 invitation-kind messages per address in any
 * 30 days; nothing after a suppression or block; nothing about an invitation after it closed; final
 * states never change; addresses redacted 30 days after closing.
 */
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { createMember } from '../core/members.js';
import { checkInvariants, observed } from '../testing/consent-invariants.js';
import {
  type HistoryState,
  inviterNames,
  playStep,
  type Step,
  stepArbitrary,
} from '../testing/consent-steps.js';
import { consentBackends, useConsentWorld } from '../testing/consent-world.js';
import { describeBackends } from '../testing/describe-backends.js';

const backends = await consentBackends('the Postgres half of the consent properties');
const runs = Number(process.env.KINDLY_PROPERTY_RUNS ?? 60);

describeBackends(backends, 'consent rules as properties on $name', (backend) => {
  const w = useConsentWorld(backend);
  const stats = { runs: 0, steps: 0, arrivals: 0, digests: 0, reminders: 0, deferred: 0, worstWindow: 0 };
  afterAll(() => {
    console.info(`consent properties on ${backend.name}: ${JSON.stringify(stats)}`);
  });

  async function history(steps: Step[]): Promise<void> {
    await w.reset();
    const state: HistoryState = { inviters: [], received: [], dead: new Set() };
    for (const name of inviterNames) {
      state.inviters.push(await createMember(w.core, { email: `${name.toLowerCase()}@example.org`, name }));
    }
    w.peer.answerRcpt = (to) =>
      state.dead.has(w.core.keyOf(to)) ? { code: 550, message: '5.1.1 no such user' } : 'accept';
    const seen = observed();
    for (const [index, step] of steps.entries()) {
      const workerRan = await playStep(w, state, step);
      await checkInvariants(w, seen, index, workerRan);
      state.received = seen.arrivals;
    }
    stats.runs += 1;
    stats.steps += steps.length;
    stats.arrivals += seen.arrivals.length;
    stats.digests += seen.arrivals.filter((a) => a.kind === 'digest').length;
    stats.reminders += seen.arrivals.filter((a) => a.kind === 'reminder').length;
    stats.worstWindow = Math.max(stats.worstWindow, seen.worstWindow);
    const deferrals = await w.db
      .selectFrom('events')
      .select('id')
      .where('action', '=', 'invitation.deferred')
      .execute();
    stats.deferred += deferrals.length;
  }

  it('keeps every rule after every step of random histories', { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(stepArbitrary, { minLength: 15, maxLength: 50 }), history), {
      numRuns: runs,
      endOnFailure: true,
    });
    // The histories must reach the interesting places, or the properties prove little.
    expect(stats.arrivals).toBeGreaterThan(runs);
    expect(stats.worstWindow).toBe(3);
  });
});
