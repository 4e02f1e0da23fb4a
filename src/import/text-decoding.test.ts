/** Bytes to text: encodings told by the bytes, whatever the chunks they come in. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { inChunks, readAll } from '../testing/byte-chunks.js';
import { decodeText } from './text-decoding.js';

async function decode(bytes: Buffer, chunk: number): Promise<string> {
  return (await readAll(decodeText(inChunks(bytes, chunk)))).join('');
}

const sample = 'Zoë;zoë@example.de\r\nJürgen;€ 5\r\n';
const expected = 'Zoë;zoë@example.de\nJürgen;€ 5\n';

describe('decodeText', () => {
  const encodings: Record<string, Buffer> = {
    'UTF-8': Buffer.from(sample),
    'UTF-8 with a byte-order mark': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]),
    'UTF-16LE with a byte-order mark': iconv.encode(sample, 'utf-16le', { addBOM: true }),
    'UTF-16BE with a byte-order mark': iconv.encode(sample, 'utf-16be', { addBOM: true }),
    'UTF-16LE without one': iconv.encode(sample, 'utf-16le'),
    'UTF-16BE without one': iconv.encode(sample, 'utf-16be'),
    'Windows-1252': iconv.encode(sample, 'windows-1252'),
  };
  for (const [name, bytes] of Object.entries(encodings)) {
    it(`reads ${name}, in any chunks`, async () => {
      for (const chunk of [1, 2, 3, 5, bytes.length]) expect(await decode(bytes, chunk)).toBe(expected);
    });
  }

  it('takes every kind of line break for one LF, across chunks', async () => {
    const bytes = Buffer.from('a\r\nb\rc\nd\r\r\ne\r\rf\r');
    for (const chunk of [1, 2, bytes.length]) expect(await decode(bytes, chunk)).toBe('a\nb\nc\nd\ne\n\nf\n');
  });

  it('takes a file that ends inside a would-be UTF-8 sequence for Windows-1252', async () => {
    expect(await decode(Buffer.from([0x61, 0x62, 0xc3]), 1)).toBe('abÃ');
  });

  it('keeps to UTF-8 once a valid sequence was seen, with U+FFFD for later bad bytes', async () => {
    expect(await decode(Buffer.concat([Buffer.from('é,'), Buffer.from([0xe9])]), 2)).toBe('é,\ufffd');
  });
});
