/** The small readers under `kindly inspect`, on the edge cases real mail has. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBodyUnsubscribeLinks } from './body-links.js';
import { coveredBySignature, parseDkimSignature } from './dkim-signature.js';
import { inspectMessage } from './inspect-message.js';
import { parseMailto, readUnsubscribeOptions } from './list-unsubscribe.js';
import { findPostalAddress } from './postal-address.js';
import { inviterFromSubject, splitVia } from './wording.js';

describe('List-Unsubscribe (RFC 2369, RFC 8058, RFC 6068)', () => {
  it('takes URIs only from angle brackets, in order, and decodes mailto parameters', () => {
    const options = readUnsubscribeOptions(
      'junk, <mailto:leave%2Bme@lists.example?subject=remove%20me&body=please>, <https://a.example/u?x=1>, <ftp://x.example/>, <http://b.example/>',
      null,
    );
    expect(options.urls).toEqual(['https://a.example/u?x=1', 'http://b.example/']);
    expect(options.mailto).toEqual([
      {
        uri: 'mailto:leave%2Bme@lists.example?subject=remove%20me&body=please',
        to: ['leave+me@lists.example'],
        subject: 'remove me',
        body: 'please',
      },
    ]);
    expect(options.oneClickUrl).toBeNull();
    expect(options.postHeader).toBe(false);
  });

  it('counts one-click only for the exact RFC 8058 value beside an HTTPS URI', () => {
    const https = '<https://a.example/u>, <mailto:x@a.example>';
    expect(readUnsubscribeOptions(https, 'List-Unsubscribe=One-Click').oneClickUrl).toBe(
      'https://a.example/u',
    );
    expect(readUnsubscribeOptions(https, 'List-Unsubscribe=Yes').oneClickUrl).toBeNull();
    expect(
      readUnsubscribeOptions('<http://a.example/u>', 'List-Unsubscribe=One-Click').oneClickUrl,
    ).toBeNull();
    expect(readUnsubscribeOptions('<http://a.example/u>', 'List-Unsubscribe=One-Click').postHeader).toBe(
      true,
    );
  });

  it('reads mailto addressees from the path and from to=, and refuses one with no address', () => {
    expect(parseMailto('mailto:a@x.example,b@x.example?to=c@x.example')?.to).toEqual([
      'a@x.example',
      'b@x.example',
      'c@x.example',
    ]);
    expect(parseMailto('mailto:?subject=hi')).toBeNull();
  });
});

describe('DKIM-Signature (RFC 6376 §3.5)', () => {
  it('reads d=, s= and h= across folding, lower-cased, first tag wins', () => {
    const signature = parseDkimSignature(
      'v=1; a=rsa-sha256; d=Mail.Example; s=sel;\r\n\th=From:To:\r\n\t List-Unsubscribe : List-Unsubscribe-Post; d=other.example; b=abc',
    );
    expect(signature).toEqual({
      domain: 'mail.example',
      selector: 'sel',
      signedHeaders: ['from', 'to', 'list-unsubscribe', 'list-unsubscribe-post'],
    });
    expect(parseDkimSignature('v=1; s=sel; h=from')).toBeNull();
  });

  it('needs one signature covering every header asked about', () => {
    const a = parseDkimSignature('d=a.example; h=from:list-unsubscribe');
    const b = parseDkimSignature('d=b.example; h=from:list-unsubscribe-post');
    if (!a || !b) throw new Error('unparsed');
    expect(coveredBySignature([a, b], ['list-unsubscribe'])).toBe(true);
    expect(coveredBySignature([a, b], ['list-unsubscribe', 'list-unsubscribe-post'])).toBe(false);
    expect(coveredBySignature([], ['list-unsubscribe'])).toBe(false);
  });
});

describe('postal addresses', () => {
  it.each([
    'Kindly Ltd, 1 Example Street, Exampletown EX1 2MP',
    '© 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.',
    'Meta Platforms, Inc., Attention: Community Support, 1 Meta Way, Menlo Park, CA 94025',
    'New Work SE, Am Strandkai 1, 20457 Hamburg, Deutschland',
    'Acme GmbH, Musterstraße 5, 10115 Berlin',
    'Example SARL, Rue de Rivoli 10, 75001 Paris',
    'Example Inc., P.O. Box 1234, Springfield',
  ])('finds %s', (line) => {
    expect(findPostalAddress(`Hello\n\n${line}\n`)).toBe(line);
  });

  it.each([
    '3 new jobs for logistics planner in Berlin',
    'You will get one reminder, on 10 March 2026, unless you answer or stop it.',
    'Unsubscribe: https://example.com/1 Main Street',
    '12 Besuche auf deinem Profil in dieser Woche',
  ])('does not take %s for one', (line) => {
    expect(findPostalAddress(line)).toBeNull();
  });
});

describe('words and names', () => {
  it.each([
    ['Alice Archer invited you to connect on Kindly', 'Alice Archer'],
    ['Reminder: Alice Smith invited you to connect on Kindly', 'Alice Smith'],
    ['Bob, Alice Archer is waiting for your response', 'Alice Archer'],
    ['Alice Archer wants to be friends on Facebook', 'Alice Archer'],
    ['Erinnerung: Alice Archer wartet auf Ihre Antwort', 'Alice Archer'],
    ['Kontaktanfrage von Jürgen Groß', 'Jürgen Groß'],
    ['Bob, please add me to your LinkedIn network', null],
    ['2 people invited you to connect on Kindly', null],
    ['LinkedIn invited you to connect', null],
  ])('%s → %s', (subject, name) => {
    expect(inviterFromSubject(subject)).toBe(name);
  });

  it('splits "Name via Network" and leaves other names whole', () => {
    expect(splitVia('Alice Archer via LinkedIn')).toEqual({ person: 'Alice Archer', via: 'LinkedIn' });
    expect(splitVia('Alice Archer')).toBeNull();
  });
});

describe('body links', () => {
  it('finds unsubscribe links by anchor text, by address, and on a text line or the next', () => {
    const html =
      '<a href="https://x.example/a?x=1&amp;y=2">Unsubscribe</a> <a href="https://x.example/optout">here</a> <a href="https://x.example/home">Home</a>';
    const text = 'To stop these emails:\nhttps://x.example/stop.\nAbmelden: https://x.example/ab';
    expect(findBodyUnsubscribeLinks(text, html)).toEqual([
      'https://x.example/a?x=1&y=2',
      'https://x.example/optout',
      'https://x.example/stop',
      'https://x.example/ab',
    ]);
  });
});

describe('the inviter’s address', () => {
  const invitation = readFileSync(
    path.join(import.meta.dirname, 'fixtures', 'linkedin-invitation.eml'),
    'latin1',
  );
  const withReplyTo = (replyTo: string) =>
    Buffer.from(
      invitation.replace(/^Reply-To: .*$/m, `Reply-To: ${replyTo}\nSender: LinkedIn <messages@linkedin.com>`),
      'latin1',
    );

  it('is a relay when the Reply-To is at the network’s own domain', async () => {
    const { inspection } = await inspectMessage(
      withReplyTo('Alice Archer <c15c178d-5301@reply.linkedin.com>'),
    );
    expect(inspection.inviter).toEqual({
      name: 'Alice Archer',
      address: 'c15c178d-5301@reply.linkedin.com',
      relay: true,
    });
    expect(inspection.realSender.sender).toEqual({ name: 'LinkedIn', address: 'messages@linkedin.com' });
  });

  it('is unknown when the Reply-To is the From address or a no-reply box', async () => {
    for (const replyTo of ['invitations@linkedin.com', 'LinkedIn <do-not-reply@linkedin.com>']) {
      const { inspection } = await inspectMessage(withReplyTo(replyTo));
      expect(inspection.inviter.address, replyTo).toBeNull();
    }
  });
});

describe('large and hostile input', () => {
  it('reads a 4 MB message of unclosed anchors and endless lines in a few seconds', async () => {
    const html = `<html><body>${'<a href="https://x.example/u">unsubscribe '.repeat(60_000)}${'Alice '.repeat(200_000)}</body></html>`;
    const raw = Buffer.from(
      [
        'From: "Alice Archer via Circlely" <invite@circlely.example>',
        'To: bob@example.org',
        `Subject: Alice Archer invited you to join Circlely ${'and more '.repeat(2000)}`,
        'List-Unsubscribe: <https://circlely.example/stop>',
        'Content-Type: text/html; charset=utf-8',
        '',
        html,
      ].join('\r\n'),
    );
    expect(raw.length).toBeGreaterThan(3_000_000);
    const started = performance.now();
    const { inspection } = await inspectMessage(raw);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(inspection.network?.id).toBe('generic');
  }, 30_000);
});
