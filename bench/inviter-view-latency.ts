/**
 * How long `POST /v1/invitations` takes, as an app token sees it, for a member's address, a
 * stranger's, a suppressed one and one that blocked the inviter: the inviter's view promises the
 * timing tells them apart no better than the answer does. Requests go round-robin (each inviter asks
 * for one of each kind, starting from a different kind each time), in-process through the whole app
 * over a real store. Printed: the median of each kind beside the stranger's, and the median of the
 * paired differences (each inviter's request for that kind minus their request for a stranger, made
 * moments apart), which cancels the drift of a busy machine.
 *
 * `npx tsx bench/inviter-view-latency.ts [requests per kind]` (default 50): on SQLite in a temporary
 * folder, then on a fresh Postgres database when the server of `KINDLY_TEST_POSTGRES_URL` (default: the
 * local one) answers. Part of `npm run bench`.
 */
import { suppress } from '../src/core/suppress.js';
import { createTestPostgresDatabase } from '../src/testing/postgres-database.js';
import { createTestApp } from '../src/testing/test-app.js';

const perKind = Number(process.argv[2] ?? 50);
const kinds = ['member', 'stranger', 'suppressed', 'blocked'] as const;
type Kind = (typeof kinds)[number];

async function measure(backend: string, databaseUrl?: string): Promise<void> {
  const t = await createTestApp(databaseUrl ? { databaseUrl } : {});
  try {
    const call = async (token: string, path: string, body: unknown) => {
      const response = await t.callWith(token, 'POST', path, body);
      return { status: response.status };
    };
    const operator = async (path: string, body: unknown) => (await t.call('POST', path, body)).json();
    const appToken = (await operator('/v1/tokens', { name: 'bench' })).token as string;

    const address = (kind: Kind, i: number) => `${kind}.${i}@example.net`;
    const inviters: string[] = [];
    for (let i = 0; i <= perKind; i++) {
      inviters.push(
        (await operator('/v1/members', { email: `inviter.${i}@example.org`, name: `Inviter ${i}` })).id,
      );
      await operator('/v1/members', { email: address('member', i), name: `Member ${i}` });
      for (const [kind, scope] of [
        ['suppressed', 'global'],
        ['blocked', `inviter:${inviters[i]}`],
      ] as const) {
        const reason = kind === 'blocked' ? 'decline-block' : 'stop';
        await suppress(t.core, {
          key: t.core.keyOf(address(kind, i)),
          scope,
          reason,
          source: 'bench',
          actor: 'bench',
        });
      }
    }

    // Inviter 0 warms the JIT and the connection up; it is not measured.
    for (const kind of kinds)
      await call(appToken, '/v1/invitations', { inviterId: inviters[0], email: address(kind, 0) });

    const times: Record<Kind, number[]> = { member: [], stranger: [], suppressed: [], blocked: [] };
    for (let i = 1; i <= perKind; i++) {
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(i + k) % kinds.length] as Kind;
        const started = performance.now();
        const { status } = await call(appToken, '/v1/invitations', {
          inviterId: inviters[i],
          email: address(kind, i),
        });
        times[kind].push(performance.now() - started);
        if (status !== 201) throw new Error(`${kind} ${i}: ${status}`);
      }
    }

    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    };
    const stranger = median(times.stranger);
    const signed = (n: number, digits: number) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;
    console.log(`POST /v1/invitations, ${perKind} requests per kind, ${backend}:`);
    for (const kind of kinds) {
      const m = median(times[kind]);
      const paired = median(times[kind].map((time, i) => time - (times.stranger[i] ?? time)));
      console.log(
        `  ${kind.padEnd(10)} median ${m.toFixed(2)} ms (${signed(((m - stranger) / stranger) * 100, 1)} %), ` +
          `paired difference ${signed(paired, 2)} ms`,
      );
    }
  } finally {
    await t.cleanup();
  }
}

await measure('sqlite');
const postgres = await createTestPostgresDatabase('the Postgres latency comparison');
if (postgres) {
  try {
    await measure('postgres', postgres.url);
  } finally {
    await postgres.drop();
  }
}
