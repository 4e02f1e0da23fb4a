/**
 * A flaky mail network, decided per message and reproducible: each recipient address (one per
 * message in these tests) draws its fate from a hash of a seed and the address, so the same seed
 * gives the same failures in every run, whatever order the workers send in.
 */
import { createHash } from 'node:crypto';
import type { ScriptedAnswer } from './scripted-smtp-peer.js';

export type Fate =
  | { kind: 'accept' }
  /** 451 on the first `failures` attempts, then accepted. */
  | { kind: 'tempfail'; failures: number }
  /** The connection dropped at RCPT TO on the first attempt, then accepted. */
  | { kind: 'drop'; failures: 1 }
  /** 550 5.1.1 every time. */
  | { kind: 'nomailbox' };

export interface FlakyRates {
  /** Share of messages deferred with 451 (1 to `maxTempfails` times). */
  tempfail: number;
  /** Share answered 550 5.1.1, for good. */
  nomailbox: number;
  /** Share whose (first) connection is dropped. */
  drop: number;
  maxTempfails: number;
}

export function flakyScript(seed: string, rates: FlakyRates) {
  const fate = (address: string): Fate => {
    const hash = createHash('sha256').update(`${seed}:${address.toLowerCase()}`).digest();
    const u = hash.readUInt32BE(0) / 2 ** 32;
    const v = hash.readUInt32BE(4) / 2 ** 32;
    if (u < rates.nomailbox) return { kind: 'nomailbox' };
    if (u < rates.nomailbox + rates.drop) return { kind: 'drop', failures: 1 };
    if (u < rates.nomailbox + rates.drop + rates.tempfail)
      return { kind: 'tempfail', failures: 1 + Math.floor(v * rates.maxTempfails) };
    return { kind: 'accept' };
  };
  const answer = (address: string, attempt: number): ScriptedAnswer => {
    const f = fate(address);
    if (f.kind === 'nomailbox') return { code: 550, message: `5.1.1 <${address}>: user unknown` };
    if (f.kind === 'accept' || attempt > f.failures) return 'accept';
    return f.kind === 'drop' ? 'drop' : { code: 451, message: '4.7.1 greylisted, try again later' };
  };
  return { fate, answer };
}
