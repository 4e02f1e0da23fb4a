/**
 * How long one hostile inbound message can hold the event loop: a single SMTP transaction to as many
 * `bounce+<token>@` recipients as the listener takes (250 asked for, each a real VERP token of a
 * message Kindly sent) carrying a DSN that lists 200 failed recipients, every one an address Kindly
 * mailed. A timer ticking every millisecond records the longest gap between its ticks while the
 * listener works (after one warm-up message). Run with `npx tsx bench/inbound-stall.ts [recipients] [reports]`; SQLite in a
 * temporary folder, the real classifier and listener.
 */
import { createTransport } from 'nodemailer';
import { invite } from '../src/core/invite.js';
import { createMember } from '../src/core/members.js';
import { hashToken } from '../src/core/tokens.js';
import { classifyMessage } from '../src/mail/inbound/classify/classify-message.js';
import { startInboundServer } from '../src/mail/inbound/inbound-server.js';
import { deliveryStatusReport } from '../src/mail/testing/inbound-mail.js';
import { createTestCore, silentLogger } from '../src/testing/test-core.js';

const recipients = Number(process.argv[2] ?? 250);
const reports = Number(process.argv[3] ?? 200);

const t = await createTestCore({
  rules: { inviterDailyLimit: 20, inviterWeeklyLimit: 100, inviterPendingLimit: 200 },
});
const server = await startInboundServer(
  { core: t.core, bounceDomain: 'kindly.test', classify: classifyMessage, logger: silentLogger },
  { port: 0, host: '127.0.0.1' },
);
try {
  // One inviter per 20 invitations keeps every invitation inside the inviter limits.
  const addresses: string[] = [];
  const tokens: string[] = [];
  let inviterId = '';
  for (let i = 0; i < Math.max(recipients, reports); i++) {
    if (i % 20 === 0) {
      inviterId = (await createMember(t.core, { email: `inviter${i}@example.org`, name: 'Inviter' })).id;
    }
    const email = `person${i}@example.net`;
    const { invitation } = await invite(t.core, { inviterId, email });
    const [message] = await t.core.store.listMessagesForInvitation(invitation.id);
    const token = `VerpToken_${String(i).padStart(6, '0')}_abcdefghijkl`;
    await t.core.store.insertToken({
      hash: hashToken(token),
      purpose: 'bounce',
      invitationId: invitation.id,
      addressKey: invitation.recipientKey,
      messageId: message?.id ?? null,
      createdAt: t.clock.now().toISOString(),
    });
    addresses.push(email);
    tokens.push(token);
  }
  const raw = deliveryStatusReport('x', addresses.slice(0, reports), '5.1.1');

  const transport = createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });
  // Warm up (module loading, the first parse, JIT) on a one-recipient copy, so the figure is the work
  // one message causes, not the process's first use of the classifier.
  await transport.sendMail({ envelope: { from: '', to: ['bounce+fbl@kindly.test'] }, raw });

  /** Sends one message and measures it: the answer's time and the longest gap between ticks. */
  async function measure(to: string[], message: string) {
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    const info = await transport.sendMail({ envelope: { from: '', to }, raw: message });
    const took = performance.now() - started;
    clearInterval(ticker);
    return { info, took, longest };
  }

  const hostile = await measure(
    tokens.slice(0, recipients).map((token) => `bounce+${token}@kindly.test`),
    raw,
  );
  // For scale: one ordinary bounce about one message, which commits (and fsyncs) one suppression.
  const last = addresses.length - 1;
  const single = deliveryStatusReport(tokens[last] ?? '', addresses[last] ?? '', '5.1.1');
  const ordinary = await measure([`bounce+${tokens[last]}@kindly.test`], single);
  transport.close();
  const suppressed = (
    await Promise.all(addresses.map((a) => t.core.store.findSuppressions(t.core.keyOf(a))))
  ).filter((found) => found.length > 0).length;
  console.log(
    `one message to ${recipients} recipients (${hostile.info.accepted.length} accepted, ${hostile.info.rejected.length} ` +
      `refused) listing ${reports} failed recipients: answered in ${hostile.took.toFixed(0)} ms, longest event-loop ` +
      `stall ${hostile.longest.toFixed(0)} ms, ${suppressed} addresses suppressed; one ordinary bounce: answered in ` +
      `${ordinary.took.toFixed(0)} ms, longest stall ${ordinary.longest.toFixed(0)} ms`,
  );
} finally {
  await server.close();
  await t.cleanup();
}
