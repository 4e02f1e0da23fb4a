/**
 * The whole product on one machine: the real `kindly serve` process, a real SMTP peer, and the
 * recipient pages driven as a browser without JavaScript drives them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends } from '../../src/testing/describe-backends.js';
import { formsOf, landingUrl, submitForm, unsubscribeUrl } from '../../src/testing/forms.js';
import { type KindlyProcess, startKindlyProcess } from '../../src/testing/kindly-process.js';
import { testBackends } from '../../src/testing/postgres-database.js';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from '../../src/testing/smtp-peer.js';

function header(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const databases = await testBackends();

describeBackends(databases, 'invitation flow on $name', (database) => {
  let peer: SmtpPeer;
  let kindly: KindlyProcess;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    kindly = await startKindlyProcess({
      KINDLY_SMTP_URL: peer.url,
      KINDLY_FROM: 'invitations@kindly.test',
      KINDLY_BRAND: 'Kindly',
      ...(database.url ? { KINDLY_DATABASE_URL: database.url } : {}),
    });
  });

  afterAll(async () => {
    await kindly?.stop();
    await peer?.close();
    await database.drop?.();
  });

  async function member(email: string, name: string): Promise<string> {
    const created = await kindly.api('POST', '/v1/members', { email, name });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('walks invite, decline, one-click stop, accept, member-to-member and withdraw', async () => {
    const alice = await member('alice@example.org', 'Alice Archer');
    const bob = await member('bob@example.org', 'Bob Baker');

    // Invite a non-member with a note.
    const first = await kindly.api('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'carol.jones@gmail.com',
      note: 'Loved your talk <b>yesterday</b> & would like to keep in touch.',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'pending',
      delivery: 'queued',
      reminders: { planned: 1, sent: 0 },
    });

    const [invitationMail] = await peer.waitFor(1);
    if (!invitationMail) throw new Error('no mail');
    expect(invitationMail.envelopeTo).toEqual(['carol.jones@gmail.com']);
    expect(invitationMail.envelopeFrom).toMatch(/^bounce\+[A-Za-z0-9_-]{22,}@kindly\.test$/);
    expect(invitationMail.parsed.from?.value).toEqual([
      { name: 'Alice Archer via Kindly', address: 'invitations@kindly.test' },
    ]);
    expect(header(invitationMail, 'Reply-To')).toBe('alice@example.org');
    expect(header(invitationMail, 'List-Unsubscribe')).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/u\/[A-Za-z0-9_-]{22,}>, <mailto:unsubscribe\+[A-Za-z0-9_-]{22,}@kindly\.test>$/,
    );
    expect(header(invitationMail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(invitationMail, 'Auto-Submitted')).toBe('auto-generated');
    expect(header(invitationMail, 'Feedback-ID')).toMatch(/^invitation:kindly$/i);
    expect(header(invitationMail, 'X-Kindly-Kind')).toBe('invitation');
    expect(header(invitationMail, 'Message-ID')).toMatch(/^<msg_[A-Za-z0-9_-]+@kindly\.test>$/);
    expect(header(invitationMail, 'Content-Type')).toMatch(/^multipart\/alternative/);
    expect(invitationMail.parsed.text).toContain(
      'Loved your talk <b>yesterday</b> & would like to keep in touch.',
    );
    expect(invitationMail.parsed.html).toContain(
      'Loved your talk &lt;b&gt;yesterday&lt;/b&gt; &amp; would like',
    );
    expect(invitationMail.parsed.text).toContain('Alice Archer');
    expect(invitationMail.parsed.text).toContain('Kindly Test, 1 Test Street, Testville');

    // Looking at the landing page changes nothing.
    const landing = landingUrl(invitationMail.parsed.text ?? '');
    const page = await fetch(landing);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('Alice Archer');
    expect(pageHtml).toContain('&lt;b&gt;yesterday&lt;/b&gt;');
    expect(pageHtml).not.toContain('<b>yesterday</b>');
    expect((await kindly.api('GET', `/v1/invitations/${first.body.id}`)).body.status).toBe('pending');
    expect(
      (await kindly.api('GET', '/v1/suppressions/check?email=carol.jones%40gmail.com')).body.suppressed,
    ).toBe(false);

    // No thanks.
    const declined = await submitForm(landing, '/decline');
    expect(declined.status).toBe(200);
    expect((await kindly.api('GET', `/v1/invitations/${first.body.id}`)).body.status).toBe('declined');

    // A second inviter; then one click on List-Unsubscribe with exactly the RFC 8058 body.
    const second = await kindly.api('POST', '/v1/invitations', {
      inviterId: bob,
      email: 'carol.jones@gmail.com',
    });
    expect(second.status).toBe(201);
    const secondMail = (await peer.waitFor(2))[1];
    if (!secondMail) throw new Error('no second mail');
    expect(peer.received).toHaveLength(2); // the decline sent nothing more
    const oneClick = await fetch(unsubscribeUrl(header(secondMail, 'List-Unsubscribe') ?? ''), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('location')).toBeNull();
    expect((await kindly.api('GET', `/v1/invitations/${second.body.id}`)).body.status).toBe('undeliverable');

    // From anyone else, to the address and to its gmail variants: no mail, undeliverable (the
    // operator's token sees the truth; the inviters see them pending). Alice and Bob asking again get
    // what they got before: "no thanks" is a 409 for 180 days, and Bob's still reads as his own.
    const dave = await member('dave@example.org', 'Dave Dunn');
    const erin = await member('erin@example.org', 'Erin Evans');
    const frank = await member('frank@example.org', 'Frank Ford');
    const variants = ['carol.jones@gmail.com', 'Carol.Jones+news@GMAIL.com', 'caroljones@googlemail.com'];
    expect(
      (await kindly.api('POST', '/v1/invitations', { inviterId: alice, email: variants[1] })).status,
    ).toBe(409);
    const bobAgain = await kindly.api('POST', '/v1/invitations', { inviterId: bob, email: variants[2] });
    expect(bobAgain).toMatchObject({ status: 200, body: { id: second.body.id } });
    for (const [index, email] of variants.entries()) {
      const inviterId = [dave, erin, frank][index] ?? dave;
      const blocked = await kindly.api('POST', '/v1/invitations', { inviterId, email });
      expect(blocked.status).toBe(201);
      expect(blocked.body.status).toBe('undeliverable');
    }

    // Accept by a non-member: a short sign-up, then a member and a connection.
    const third = await kindly.api('POST', '/v1/invitations', { inviterId: alice, email: 'dan@example.net' });
    const danMail = (await peer.waitFor(3))[2];
    if (!danMail) throw new Error('no mail to dan');
    expect(danMail.envelopeTo).toEqual(['dan@example.net']);
    const danLanding = landingUrl(danMail.parsed.text ?? '');
    const signUp = await submitForm(danLanding, '/accept');
    expect(formsOf(signUp.html).some((form) => 'csrf' in form.fields && /\/accept$/.test(form.action))).toBe(
      true,
    );
    expect(signUp.html).toMatch(/name="name"/);
    const accepted = await submitForm(danLanding, '/accept', { name: 'Dan Dale' });
    expect(accepted.status).toBe(200);
    expect((await kindly.api('GET', `/v1/invitations/${third.body.id}`)).body.status).toBe('accepted');
    const aliceConnections = (await kindly.api('GET', `/v1/members/${alice}/connections`)).body.items;
    expect(aliceConnections).toHaveLength(1);
    const dan = await kindly.api('GET', `/v1/members/${aliceConnections[0].memberId}`);
    expect(dan.body).toMatchObject({ email: 'dan@example.net', name: 'Dan Dale' });

    // A member inviting a member.
    const fourth = await kindly.api('POST', '/v1/invitations', { inviterId: bob, memberId: alice });
    expect(fourth.status).toBe(201);
    expect(fourth.body.recipient).toEqual({ memberId: alice });
    const aliceMail = (await peer.waitFor(4))[3];
    if (!aliceMail) throw new Error('no mail to alice');
    expect(aliceMail.envelopeTo).toEqual(['alice@example.org']);
    const memberAccept = await submitForm(landingUrl(aliceMail.parsed.text ?? ''), '/accept');
    expect(memberAccept.status).toBe(200);
    expect((await kindly.api('GET', `/v1/invitations/${fourth.body.id}`)).body.status).toBe('accepted');
    const bobConnections = (await kindly.api('GET', `/v1/members/${bob}/connections`)).body.items;
    expect(bobConnections.map((c: { memberId: string }) => c.memberId)).toEqual([alice]);

    // Withdraw: the recipient's link says the invitation is no longer open.
    const fifth = await kindly.api('POST', '/v1/invitations', { inviterId: dave, email: 'erin@example.net' });
    const erinMail = (await peer.waitFor(5))[4];
    if (!erinMail) throw new Error('no mail to erin');
    const withdrawn = await kindly.api('POST', `/v1/invitations/${fifth.body.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const afterWithdraw = await fetch(landingUrl(erinMail.parsed.text ?? ''));
    expect(await afterWithdraw.text()).toMatch(/no longer open/i);

    // With SMTP configured there is no dev mailbox.
    expect((await fetch(`${kindly.baseUrl}/dev/mailbox`)).status).toBe(404);

    // Nothing else went out while the worker kept polling.
    await sleep(500);
    expect(peer.received).toHaveLength(5);
  });
});
