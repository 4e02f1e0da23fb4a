/**
 * Kindly's signatures checked by a verifier that is not ours: Debian's python3-dkim (dkimpy, the
 * library behind `dkimverify`). DNS is not available here, so its `dnsfunc` hook answers the one TXT
 * lookup with the generated key. Missing python3-dkim fails the test, saying what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpPeer, startSmtpPeer } from '../../testing/smtp-peer.js';
import { composeInvitationMail } from '../compose/invitation-mail.js';
import { invitationInput, settings } from '../testing/mail-fixtures.js';
import { createDevMailbox } from '../transports/dev-mailbox.js';
import { createSmtpMailer } from '../transports/smtp-mailer.js';
import { dkimRecordName, dkimTxtValue, generateDkimKey } from './dkim-key.js';
import type { DkimSettings } from './dkim-settings.js';

const install =
  'python3-dkim is needed for this test: apt-get install -y python3-dkim (it provides dkimverify)';

/** The Python that has dkimpy: the one `dkimverify` runs with (a pyenv `python3` on PATH may not). */
function dkimPython(): string {
  const which = spawnSync('sh', ['-c', 'command -v dkimverify'], { encoding: 'utf8' });
  const script = which.stdout.trim();
  if (which.status !== 0 || !script) throw new Error(install);
  const interpreter = /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8'))?.[1];
  if (!interpreter) throw new Error(`${install} (could not read the interpreter of ${script})`);
  return interpreter;
}

const verifier = `
import sys, dkim
name, record = sys.argv[1].encode(), sys.argv[2].encode()
def dnsfunc(query, timeout=5):
    return record if query.rstrip(b'.') == name else None
message = sys.stdin.buffer.read()
ok = dkim.verify(message, dnsfunc=dnsfunc)
print('pass' if ok else 'fail')
`;

function verify(raw: Buffer, dkim: DkimSettings, publicKeyBase64: string): string {
  const python = dkimPython();
  const check = spawnSync(python, ['-c', 'import dkim'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`${install} (${python}: ${check.stderr.trim()})`);
  return execFileSync(
    python,
    ['-c', verifier, dkimRecordName(dkim.selector, dkim.domain), dkimTxtValue(publicKeyBase64)],
    { input: raw, encoding: 'utf8' },
  ).trim();
}

/** The `h=` tag of the message's DKIM-Signature, lower-cased. */
function signedHeaders(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const header = /^DKIM-Signature:(.*(?:\r\n[ \t].*)*)/im.exec(text)?.[1] ?? '';
  const h = /\bh=([^;]+)/.exec(header.replace(/\r\n[ \t]+/g, ''))?.[1] ?? '';
  return h.replace(/\s+/g, '').toLowerCase().split(':').filter(Boolean);
}

describe('DKIM signatures, checked by python3-dkim', () => {
  const key = generateDkimKey();
  const dkim: DkimSettings = {
    domain: 'kindly.example',
    selector: 'k2026',
    privateKeyPem: key.privateKeyPem,
  };
  let peer: SmtpPeer;

  beforeAll(async () => {
    peer = await startSmtpPeer();
  });
  afterAll(() => peer?.close());

  it('verifies a message sent over SMTP, whose h= covers both List-Unsubscribe headers', async () => {
    const mailer = createSmtpMailer({ url: peer.url, pool: false, dkim });
    try {
      await mailer.send(composeInvitationMail(invitationInput(), settings));
    } finally {
      await mailer.close();
    }
    const raw = peer.received.at(-1)?.bytes;
    if (!raw) throw new Error('nothing reached the SMTP peer');
    expect(verify(raw, dkim, key.publicKeyBase64)).toBe('pass');
    const h = signedHeaders(raw);
    for (const name of [
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'reply-to',
      'list-unsubscribe',
      'list-unsubscribe-post',
    ]) {
      expect(h).toContain(name);
    }
    expect(raw.toString('latin1')).toMatch(/DKIM-Signature:[\s\S]*\bd=kindly\.example;[\s\S]*\bs=k2026;/);

    // A changed header breaks it: the verifier is really checking.
    const tampered = Buffer.from(
      raw.toString('latin1').replace(/^Subject: .*$/m, 'Subject: changed'),
      'latin1',
    );
    expect(verify(tampered, dkim, key.publicKeyBase64)).toBe('fail');
  });

  it('signs what the dev mailbox keeps, so it shows what would go out', async () => {
    let stored = '';
    const mailbox = createDevMailbox({
      store: {
        insertDevMail: async (mail) => {
          stored = mail.raw;
        },
      },
      clock: { now: () => new Date() },
      newId: () => 'dev_1',
      dkim,
    });
    await mailbox.send(
      composeInvitationMail(
        invitationInput({ inviter: { name: 'Alice', email: 'a@example.com', allowReplyTo: false } }),
        settings,
      ),
    );
    expect(verify(Buffer.from(stored, 'utf8'), dkim, key.publicKeyBase64)).toBe('pass');
    expect(signedHeaders(Buffer.from(stored))).not.toContain('reply-to');
  });
});
