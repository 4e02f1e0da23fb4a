/**
 * vCards: every file of the shared corpus (real exports of phones, mail programs and the RFC examples)
 * reads with exactly the addresses and names it holds, written down here from reading the files;
 * then the cases the corpus lacks, written for these tests.
 */
import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { KindlyError } from '../core/errors.js';
import { readAll as all, inChunks } from '../testing/byte-chunks.js';
import { corpusPath, hasCorpus } from '../testing/corpora.js';
import { type ImportedContact, readContacts } from './read-contacts.js';

async function read(text: string | Buffer) {
  const file = await readContacts(inChunks(typeof text === 'string' ? Buffer.from(text, 'utf8') : text));
  return { ...file, contacts: await all(file.contacts) };
}

const card = (line: number, name: string | null, emails: string[]) => ({ line, name, emails });
/** Ñ, as the Android export writes it in quoted-printable UTF-8 (=C3=91). */
const enye = 'Ñ';

/** File → layout and cards, from reading each file. */
const corpus: Record<string, { layout: string; cards: ImportedContact[] }> = {
  'John_Doe_ANDROID.vcf': {
    layout: 'vcard-2.1',
    cards: [
      card(1, null, ['john.doe@company.com']),
      card(2, null, ['jane.doe@company.com']),
      // FN is quoted-printable "Ñ Ñ Ñ Ñ Ñ " (trimmed); no EMAIL.
      card(3, Array(5).fill(enye).join(' '), []),
      // FN continues after a soft line break: eleven Ñ in all.
      card(4, Array(11).fill(enye).join(' '), []),
      // The second EMAIL is fourteen Ñ across a soft line break: not an address, but what the file holds.
      card(5, Array(4).fill(enye).join(' '), ['bob@company.com', enye.repeat(14)]),
      card(6, enye.repeat(4), ['henry@company.com']),
    ],
  },
  'John_Doe_BLACK_BERRY.vcf': { layout: 'vcard-2.1', cards: [card(1, 'John Doe', [])] },
  'John_Doe_EVOLUTION.vcf': {
    layout: 'vcard-3.0',
    // FN has an escaped comma; EMAIL is folded after "john.".
    cards: [card(1, 'Mr. John Richter, James Doe Sr.', ['john.doe@ibm.com'])],
  },
  'John_Doe_GMAIL.vcf': {
    layout: 'vcard-3.0',
    cards: [card(1, 'Mr. John Richter, James Doe Sr.', ['john.doe@ibm.com'])],
  },
  // Lines end in CR CR LF; the address is a grouped property (item1.EMAIL).
  'John_Doe_IPHONE.vcf': {
    layout: 'vcard-3.0',
    cards: [card(1, 'Mr. John Richter James Doe Sr.', ['john.doe@ibm.com'])],
  },
  'John_Doe_LOTUS_NOTES.vcf': {
    layout: 'vcard-3.0',
    cards: [card(1, 'Mr. Doe John I Johny', ['john.doe@ibm.com', 'billy_bob@gmail.com'])],
  },
  'John_Doe_MAC_ADDRESS_BOOK.vcf': {
    layout: 'vcard-3.0',
    cards: [card(1, 'Mr. John Richter,James Doe Sr.', ['john.doe@ibm.com'])],
  },
  'John_Doe_MS_OUTLOOK.vcf': {
    layout: 'vcard-2.1',
    cards: [card(1, 'Mr. John Richter James Doe Sr.', ['john.doe@ibm.cm'])],
  },
  'fullcontact.vcf': {
    layout: 'vcard-4.0',
    cards: [
      card(1, 'Prefix FirstName MiddleName LastName Suffix', [
        'home@example.com',
        'work@example.com',
        'school@example.com',
        'other@example.com',
        'custom@example.com',
      ]),
    ],
  },
  'gmail-list.vcf': {
    layout: 'vcard-3.0',
    cards: [
      card(1, 'Arnold Smith', ['asmithk@gmail.com']),
      card(2, 'Chris Beatle', ['chrisy55d@yahoo.com']),
      card(3, 'Doug White', ['dwhite@gmail.com']),
    ],
  },
  'gmail-single.vcf': { layout: 'vcard-3.0', cards: [card(1, 'Greg Dartmouth', ['gdartmouth@hotmail.com'])] },
  'gmail-single2.vcf': {
    layout: 'vcard-3.0',
    cards: [
      card(1, 'VCard Test', [
        'email@example.com',
        'homeemail@example.com',
        'workemail@example.com',
        'otheremail@example.com',
        'customcategory@example.com',
      ]),
    ],
  },
  'outlook-2003.vcf': { layout: 'vcard-2.1', cards: [card(1, 'John Doe III', ['jdoe@hotmail.com'])] },
  'outlook-2007.vcf': {
    layout: 'vcard-2.1',
    cards: [card(1, 'Mr. Michael Angstadt Jr.', ['mike.angstadt@gmail.com'])],
  },
  // "BEGIN:vCard" in lower case, LF line breaks, a folded ADR.
  'rfc2426-example.vcf': {
    layout: 'vcard-3.0',
    cards: [
      card(1, 'Frank Dawson', ['Frank_Dawson@Lotus.com', 'fdawson@earthlink.net']),
      card(2, 'Tim Howes', ['howes@netscape.com']),
    ],
  },
  'rfc6350-example.vcf': {
    layout: 'vcard-4.0',
    cards: [card(1, 'Simon Perreault', ['simon.perreault@viagenie.ca'])],
  },
  'thunderbird-MoreFunctionsForAddressBook-extension.vcf': {
    layout: 'vcard-3.0',
    cards: [
      card(1, 'John Doe', [
        'doe.john@hotmail.com',
        'additional-email@company.com',
        'additional-email1@company.com',
        'additional-email2@company.com',
        'additional-email3@company.com',
      ]),
    ],
  },
};

describe.skipIf(!hasCorpus('vcards', 'the vCard corpus tests'))('the vCard corpus', () => {
  it('has an expectation for every file in it', () => {
    const files = readdirSync(corpusPath('vcards')).filter((name) => name.endsWith('.vcf'));
    expect(files.sort()).toEqual(Object.keys(corpus).sort());
  });

  for (const [name, expected] of Object.entries(corpus)) {
    it(`reads ${name}`, async () => {
      // Small chunks, so folds, soft line breaks and UTF-8 sequences are cut across reads.
      const file = await readContacts(
        createReadStream(path.join(corpusPath('vcards'), name), { highWaterMark: 61 }),
      );
      expect(file.format).toBe('vcard');
      expect(file.layout).toBe(expected.layout);
      expect(await all(file.contacts)).toEqual(expected.cards);
    });
  }
});

describe('vCards the corpus lacks', () => {
  it('decodes quoted-printable in the CHARSET it names, and bare 2.1 parameters', async () => {
    const file = await read(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FC=DFig;J=FCrgen\r\n' +
        'FN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:J=FCrgen M=FC=\r\n=DFig\r\nEMAIL;PREF;INTERNET:juergen@example.de\r\nEND:VCARD\r\n',
    );
    expect(file.contacts).toEqual([card(1, 'Jürgen Müßig', ['juergen@example.de'])]);
  });

  it('takes the name from N when there is no FN, and keeps commas of 2.1 names', async () => {
    const file = await read('BEGIN:VCARD\nVERSION:2.1\nN:Doe;John;Richter,James;Mr.;Sr.\nEND:VCARD\n');
    expect(file.contacts).toEqual([card(1, 'John Richter,James Doe', [])]);
  });

  it('reads a Windows-1252 file, a UTF-16 file and a file with CR line breaks', async () => {
    const text = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Bäcker\r\nEMAIL:zoe@example.de\r\nEND:VCARD\r\n';
    for (const bytes of [
      iconv.encode(text, 'windows-1252'),
      iconv.encode(text, 'utf-16le', { addBOM: true }),
      Buffer.from(text.replace(/\r\n/g, '\r')),
    ]) {
      expect((await read(bytes)).contacts).toEqual([card(1, 'Zoë Bäcker', ['zoe@example.de'])]);
    }
  });

  it('reads quoted parameters of 4.0, several EMAIL and the same address twice once', async () => {
    const file = await read(
      'BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nEMAIL;TYPE="work,x:y";PREF=1:ada@example.org\n' +
        'item1.EMAIL:ADA@example.org\nEMAIL: ada@home.example \nEND:VCARD\n',
    );
    expect(file).toMatchObject({
      layout: 'vcard-4.0',
      contacts: [card(1, 'Ada', ['ada@example.org', 'ada@home.example'])],
    });
  });

  it('never takes text inside another value for an address', async () => {
    // A quoted-printable note whose continuation line looks like a property, and an AGENT's own card.
    const file = await read(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nNOTE;ENCODING=QUOTED-PRINTABLE:Call my assistant=0D=0A=\r\n' +
        'EMAIL:not-this@example.com\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant\r\n' +
        'EMAIL:assistant@example.com\r\nEND:VCARD\r\nEMAIL:boss@example.com\r\nEND:VCARD\r\n',
    );
    expect(file.contacts).toEqual([card(1, 'Boss', ['boss@example.com'])]);
  });

  it('ends a card at END even after a value with a dangling soft line break', async () => {
    const file = await read(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:First\r\nNOTE;QUOTED-PRINTABLE:broken=\r\nEND:VCARD\r\n' +
        'BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL:second@example.com\r\nEND:VCARD\r\n',
    );
    expect(file.contacts).toEqual([card(1, 'First', []), card(2, null, ['second@example.com'])]);
  });

  it('reads a last card without END, and counts cards without an address', async () => {
    const file = await read(
      'BEGIN:VCARD\nVERSION:3.0\nFN:No Mail\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:a@b.example\n',
    );
    expect(file.contacts).toEqual([card(1, 'No Mail', []), card(2, null, ['a@b.example'])]);
  });

  it('refuses a line longer than 20 MiB instead of holding it, naming the card', async () => {
    async function* huge() {
      yield Buffer.from(
        'BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nPHOTO;ENCODING=b:',
      );
      for (let i = 0; i < 21; i += 1) yield Buffer.alloc(1024 * 1024, 'A');
      yield Buffer.from('\nEND:VCARD\n');
    }
    const file = await readContacts(huge());
    const seen: ImportedContact[] = [];
    const error = await (async () => {
      for await (const contact of file.contacts) seen.push(contact);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([card(1, 'A', [])]);
    expect(error).toBeInstanceOf(KindlyError);
    expect(error).toMatchObject({
      code: 'unsupported_contacts_file',
      detail: expect.stringContaining('vCard 2'),
    });
  });

  it('refuses a name it cannot read, naming the card and not the person', async () => {
    const file = await readContacts(
      inChunks(Buffer.from('BEGIN:VCARD\nVERSION:4.0\nEMAIL;X="open:secret@example.com\nEND:VCARD\n')),
    );
    const error = await all(file.contacts).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'unsupported_contacts_file',
      detail: 'vCard 1: its EMAIL cannot be read.',
    });
  });
});
