/**
 * Bad input gets a clear problem+json with a stable code, never a 500 and never a half-done write.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../../testing/corpora.js';
import { createInviterTestApp, type TestApp } from '../../testing/test-app.js';

interface CorpusCase {
  id: string;
  address: string;
  category: string;
  diagnosis: string;
}

const corpusFile = 'addresses/isemail-tests.xml';
const noCorpus = !hasCorpus(corpusFile, 'the isemail corpus over HTTP');

function isemailCorpus(): CorpusCase[] {
  const xml = readFileSync(corpusPath(corpusFile), 'utf8');
  const decode = (text: string) =>
    text
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/[\u2400-\u241f]/g, (symbol) => String.fromCharCode(symbol.charCodeAt(0) - 0x2400));
  return [...xml.matchAll(/<test id="(\d+)">([\s\S]*?)<\/test>/g)].map((match) => ({
    id: match[1] ?? '',
    address: decode(/<address>([\s\S]*?)<\/address>/.exec(match[2] ?? '')?.[1] ?? ''),
    category: /<category>([^<]*)<\/category>/.exec(match[2] ?? '')?.[1] ?? '',
    diagnosis: /<diagnosis>([^<]*)<\/diagnosis>/.exec(match[2] ?? '')?.[1] ?? '',
  }));
}

/** Accepted for sending: valid, DNS warnings (no MX is not our business) and RFC 5321-only forms. */
const acceptedCategories = new Set(['ISEMAIL_VALID_CATEGORY', 'ISEMAIL_DNSWARN', 'ISEMAIL_RFC5321']);
/** Valid for isemail, refused by decision: resolvers read a numeric last label as an IPv4 number. */
const refusedByDecision = new Set(['ISEMAIL_RFC5321_TLDNUMERIC']);

describe('bad input over HTTP', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    // One inviter sends the whole corpus: this file is about addresses, not the inviter limits.
    const app = await createInviterTestApp();
    t = app;
    alice = app.inviterId;
  });
  afterAll(() => t.cleanup());

  // The table of the `it.each` below is built while collecting: empty without the corpus, whose
  // absence the skipped count shows.
  const corpus = noCorpus ? [] : isemailCorpus();

  it.skipIf(noCorpus)('reads the whole isemail corpus', () => {
    expect(corpus).toHaveLength(164);
  });

  it.each(corpus)('isemail #$id $category: $address', async ({ address, category, diagnosis }) => {
    const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email: address });
    if (acceptedCategories.has(category) && !refusedByDecision.has(diagnosis)) {
      expect([200, 201]).toContain(response.status);
    } else {
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ code: 'invalid_email', status: 422 });
    }
  });

  it.each([
    ['display name', '"Bob" <bob@example.net>'],
    ['header injection', 'bob@example.net\r\nBcc: eve@example.net'],
    ['trailing LF', 'bob@example.net\n'],
  ])('refuses an address with a %s', async (_, email) => {
    const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email });
    expect(response.status).toBe(422);
    expect((await response.json()).code).toBe('invalid_email');
  });

  it.each([
    ['CR/LF', 'Mallory\r\nBcc: eve@example.net', 'name_control_characters'],
    ['LF', 'Mallory\nX-Evil: 1', 'name_control_characters'],
    ['empty', '   ', 'invalid_name'],
  ])('refuses a member name with %s', async (_, name, code) => {
    const response = await t.call('POST', '/v1/members', { email: 'mallory@example.net', name });
    expect(response.status).toBe(422);
    expect((await response.json()).code).toBe(code);
  });

  it('refuses a note with a bare CR or control characters, and one over 300 characters', async () => {
    for (const [note, code] of [
      ['one\rtwo', 'note_control_characters'],
      ['bell\u0007', 'note_control_characters'],
      ['x'.repeat(301), 'invalid_note'],
    ]) {
      const response = await t.call('POST', '/v1/invitations', {
        inviterId: alice,
        email: 'n@example.net',
        note,
      });
      expect(response.status).toBe(422);
      expect((await response.json()).code).toBe(code);
    }
  });

  it('keeps line breaks in a note as plain text (CRLF becomes LF)', async () => {
    const response = await t.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'lines@example.net',
      note: 'line one\r\nline two',
    });
    expect(response.status).toBe(201);
    expect((await response.json()).note).toBe('line one\nline two');
  });

  it('refuses unknown JSON fields, naming them', async () => {
    const response = await t.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'u@example.net',
      cc: 'x',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'invalid_input', detail: 'Unknown field: cc.' });
  });

  it('refuses out-of-range reminders and a missing recipient', async () => {
    for (const body of [
      { inviterId: alice, email: 'r@example.net', reminders: 3 },
      { inviterId: alice, email: 'r@example.net', reminders: -1 },
      { inviterId: alice },
      { inviterId: alice, email: 'r@example.net', memberId: alice },
    ]) {
      const response = await t.call('POST', '/v1/invitations', body);
      expect(response.status).toBe(422);
      expect((await response.json()).code).toBe('invalid_input');
    }
  });

  it('refuses an unknown inviter and a self-invitation', async () => {
    const unknown = await t.call('POST', '/v1/invitations', {
      inviterId: 'mem_nobody',
      email: 'x@example.net',
    });
    expect((await unknown.json()).code).toBe('unknown_member');
    const self = await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'Alice@Example.org' });
    expect((await self.json()).code).toBe('self_invitation');
  });

  it('answers 413 to a body over 64 KiB and stores nothing', async () => {
    const response = await t.call('POST', '/v1/members', {
      email: 'big@example.net',
      name: 'Big',
      externalId: 'x'.repeat(70 * 1024),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).code).toBe('payload_too_large');
    expect((await t.call('POST', '/v1/members', { email: 'big@example.net', name: 'Big' })).status).toBe(201);
  });

  it('answers 400 to malformed JSON and 415 to another media type', async () => {
    const headers = { authorization: 'Bearer test-operator-token-0123456789abcdef' };
    const malformed = await t.app.request('/v1/members', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('malformed_json');
    const form = await t.app.request('/v1/members', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a@b.c',
    });
    expect(form.status).toBe(415);
  });

  it('answers 401 without a bearer token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token-wrong', 'Basic YTpi', 'Bearer']) {
      const response = await t.app.request('/v1/members/mem_x', {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await response.json()) as { code: string }).code).toBe('unauthorized');
    }
  });

  it('answers 404 problem+json for unknown ids and routes', async () => {
    const member = await t.call('GET', '/v1/members/mem_nope');
    expect(member.status).toBe(404);
    expect((await member.json()).code).toBe('not_found');
    const route = await t.call('GET', '/v1/nothing-here');
    expect(route.status).toBe(404);
  });

  it('answers 409 to a second member with the same address', async () => {
    const response = await t.call('POST', '/v1/members', { email: 'ALICE@example.org', name: 'Alice Two' });
    expect(response.status).toBe(409);
    expect((await response.json()).code).toBe('member_exists');
  });
});
