/**
 * CSV address books, one sample per layout and encoding in `fixtures/` (written for these tests in
 * the programs' column names and encodings), read whole and in 3-byte chunks; what is refused; and
 * that reading streams.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { KindlyError } from '../core/errors.js';
import { readAll as all, inChunks } from '../testing/byte-chunks.js';
import { type ContactFile, type ImportedContact, readContacts } from './read-contacts.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

async function read(
  bytes: Buffer,
  chunk = bytes.length || 1,
): Promise<Omit<ContactFile, 'contacts'> & { contacts: ImportedContact[] }> {
  const file = await readContacts(inChunks(bytes, chunk));
  return { ...file, contacts: await all(file.contacts) };
}

const row = (line: number, name: string | null, emails: string[]) => ({ line, name, emails });

const germanOutlook = [
  row(2, 'Jürgen Müßig', ['juergen.muessig@example.de']),
  // E-Mail 3 repeats E-Mail 1; the note spans lines 3 and 4.
  row(3, 'Zoë Anna Bäcker', ['zoe@example.de', 'z.baecker@example.at']),
  row(5, 'Hans Groß', []),
];
const frenchOutlook = [
  row(2, 'Élodie Lefèvre', ['elodie.lefevre@example.fr']),
  row(3, 'François Xavier Dupré', ['francois.dupre@example.fr', 'fx.dupre@example.be']),
  // Only "Nom complet de l'adresse de messagerie", the address in brackets dropped.
  row(4, 'Service Clients', ['service.clients@example.fr']),
];

/** Fixture → layout and contacts, from reading each file. */
const samples: Record<string, { layout: string; contacts: ImportedContact[] }> = {
  'google.csv': {
    layout: 'google',
    contacts: [
      row(2, 'Ada Lovelace', ['ada@example.org', 'ada.lovelace@example.net', 'ada@home.example']),
      row(3, 'José María García', ['jose.garcia@example.es']),
      row(5, 'Bobby', ['bobby@example.com']),
      row(6, 'Carla Nobody', []),
      row(7, null, ['info@acme.example']),
    ],
  },
  'google-legacy.csv': {
    layout: 'google-legacy',
    contacts: [
      row(2, 'Grace Hopper', ['grace@example.org', 'g.hopper@navy.example', 'grace@work.example']),
      row(3, 'Alan Turing', []),
      row(4, 'Edsger W. Dijkstra', ['edsger@example.nl']),
    ],
  },
  'outlook-en.csv': {
    layout: 'outlook-en',
    contacts: [
      row(2, 'John Q. Public', ['john.public@example.com', 'jqp@example.net']),
      row(4, 'Support Desk', ['support@example.com']),
      row(5, 'Mary Major', []),
    ],
  },
  'outlook-de-windows-1252.csv': { layout: 'outlook-de', contacts: germanOutlook },
  'outlook-de-utf-16le.csv': { layout: 'outlook-de', contacts: germanOutlook },
  'outlook-fr-windows-1252.csv': { layout: 'outlook-fr', contacts: frenchOutlook },
  // Tab-separated, big-endian.
  'outlook-fr-utf-16be.csv': { layout: 'outlook-fr', contacts: frenchOutlook },
  // Notes: and its paragraph, a blank line, the header on line 4.
  'linkedin-connections.csv': {
    layout: 'linkedin',
    contacts: [
      row(5, 'Ada Lovelace', ['ada@example.org']),
      row(6, 'Bob Builder', []),
      row(7, 'Chloé Durand', []),
      row(8, 'Dan Smith', ['dan.smith@example.com']),
    ],
  },
  'thunderbird.csv': {
    layout: 'thunderbird',
    contacts: [
      row(2, 'Rory Williams', ['rory@example.com', 'rory.williams@example.org']),
      row(3, 'Amy Pond', ['amy@example.com']),
      row(4, 'Mailing list', ['list@lists.example.com']),
      row(5, 'River Song', []),
    ],
  },
  'semicolon-bom.csv': {
    layout: 'plain',
    contacts: [
      row(2, 'Anna Schmidt', ['anna.schmidt@example.de']),
      row(3, 'Bernd "Bernie" Maier', ['bernd@example.de']),
      row(5, 'Clara Weiß', []),
    ],
  },
  'quoted-line-breaks.csv': {
    layout: 'plain',
    contacts: [
      row(2, 'Archer, Alice', ['alice@example.org']),
      row(7, 'Bob Baker', ['bob@example.org']),
      row(8, 'Carol Chen', ['carol@example.org']),
    ],
  },
  'tab-separated.tsv': {
    layout: 'plain',
    contacts: [
      row(2, 'Dora Explorer', ['dora@example.org']),
      row(3, 'Eve, the Second', ['eve@example.net']),
      row(4, 'Frank Ocean', []),
    ],
  },
  'plain-header.csv': {
    layout: 'plain',
    contacts: [row(2, 'Alice Archer', ['alice@example.org']), row(3, 'Bob Baker', ['bob@example.org'])],
  },
  'plain-no-header.csv': {
    layout: 'plain',
    contacts: [
      row(1, 'Alice Archer', ['alice@example.org']),
      row(2, 'Bob Baker', ['bob@example.org']),
      row(3, 'Carol Chen', []),
    ],
  },
  'addresses-only.txt': {
    layout: 'plain',
    contacts: [
      row(1, null, ['alice@example.org']),
      row(2, null, ['bob@example.org']),
      row(4, null, ['carol@example.org']),
    ],
  },
};

describe('CSV address books', () => {
  for (const [name, expected] of Object.entries(samples)) {
    it(`reads ${name}, whole and in 3-byte chunks`, async () => {
      for (const chunk of [undefined, 3]) {
        const file = await read(fixture(name), chunk);
        expect(file).toEqual({ format: 'csv', layout: expected.layout, contacts: expected.contacts });
      }
    });
  }

  it('has samples in the encodings they are named for', () => {
    // So that re-saving a sample in another encoding cannot leave a test passing for the wrong reason.
    expect(() =>
      new TextDecoder('utf-8', { fatal: true }).decode(fixture('outlook-de-windows-1252.csv')),
    ).toThrow();
    expect(() =>
      new TextDecoder('utf-8', { fatal: true }).decode(fixture('outlook-fr-windows-1252.csv')),
    ).toThrow();
    expect([...fixture('outlook-de-utf-16le.csv').subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect([...fixture('outlook-fr-utf-16be.csv').subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect([...fixture('semicolon-bom.csv').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(fixture('outlook-en.csv').includes('\r\n')).toBe(true);
  });

  it('decides Windows-1252 on a byte far into a file that was ASCII until then', async () => {
    const text = `name,email\n${'Someone,someone@example.org\n'.repeat(10_000)}Zoë,zoe@example.org\n`;
    const file = await read(iconv.encode(text, 'windows-1252'), 4096);
    expect(file.contacts.at(-1)).toEqual(row(10_002, 'Zoë', ['zoe@example.org']));
  });
});

describe('what a file is comes from its content', () => {
  it('reads a vCard saved as .csv as a vCard', async () => {
    expect(await read(fixture('vcard-saved-as.csv'))).toEqual({
      format: 'vcard',
      layout: 'vcard-3.0',
      contacts: [row(1, 'Alice Archer', ['alice@example.org'])],
    });
  });

  it('reads a Node stream of a CSV sent as text/plain', async () => {
    const { Readable } = await import('node:stream');
    const file = await readContacts(Readable.from([fixture('addresses-only.txt')]));
    expect(file.format).toBe('csv');
    expect((await all(file.contacts)).map((c) => c.emails[0])).toEqual([
      'alice@example.org',
      'bob@example.org',
      'carol@example.org',
    ]);
  });

  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  // Deterministic noise (a linear congruential generator), as an upload of some archive would be.
  const random = Buffer.alloc(4096);
  for (let i = 0, seed = 7; i < random.length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    random[i] = (seed >> 16) & 0xff;
  }
  const refused: Record<string, Buffer> = {
    'an empty file': Buffer.alloc(0),
    'blank lines': Buffer.from('\r\n  \n\t\n'),
    'an image': png,
    'random bytes': random,
    'text without an address': Buffer.from('Dear Alice,\nhere are the minutes of Monday; see you soon.\n'),
    'a CSV without an e-mail column': Buffer.from('Name,Phone\nAlice,+1 555 0100\nBob,+1 555 0101\n'),
  };
  for (const [what, bytes] of Object.entries(refused)) {
    it(`refuses ${what} with unsupported_contacts_file`, async () => {
      const error = await readContacts(inChunks(bytes, 1024)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KindlyError);
      expect(error).toMatchObject({ code: 'unsupported_contacts_file' });
    });
  }

  it('says where a CSV stops being readable', async () => {
    const file = await readContacts(
      inChunks(Buffer.from('name,email\nAlice,alice@example.org\n"Bob,bob@example.org\n'), 1024),
    );
    const seen: ImportedContact[] = [];
    const error = await (async () => {
      for await (const contact of file.contacts) seen.push(contact);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([row(2, 'Alice', ['alice@example.org'])]);
    expect(error).toMatchObject({
      code: 'unsupported_contacts_file',
      detail: 'The CSV cannot be read from line 3 on: a quoted field is never closed.',
    });
  });
});

describe('reading streams', () => {
  /** A CSV of `rows` rows made as it is read, counting the chunks taken and whether it was closed. */
  function source(rows: number) {
    const state = { chunks: 0, closed: false };
    async function* generate() {
      try {
        yield Buffer.from('First Name,Last Name,E-mail Address\n');
        for (let i = 0; i < rows; i += 1000) {
          state.chunks += 1;
          let text = '';
          for (let j = i; j < Math.min(rows, i + 1000); j += 1) text += `P,${j},p${j}@example.org\n`;
          yield Buffer.from(text);
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, bytes: generate() };
  }

  it('gives the first contacts before the file has been read, and closes it when the caller stops', async () => {
    const { state, bytes } = source(1_000_000);
    const file = await readContacts(bytes);
    let read = 0;
    for await (const contact of file.contacts) {
      expect(contact.line).toBe(read + 2);
      read += 1;
      if (read === 5000) break;
    }
    expect(state.chunks).toBeLessThan(100);
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.closed).toBe(true);
  });

  it('closes the file when it is refused', async () => {
    const state = { closed: false };
    async function* image() {
      try {
        yield Buffer.alloc(70_000, 0);
        yield Buffer.alloc(70_000, 0);
      } finally {
        state.closed = true;
      }
    }
    await expect(readContacts(image())).rejects.toMatchObject({ code: 'unsupported_contacts_file' });
    expect(state.closed).toBe(true);
  });
});
