import { describe, expect, it } from 'vitest';
import { addressEntries, firstColumn } from './address-lines.js';

async function entries(lines: string[]) {
  async function* source() {
    yield* lines;
  }
  const found: { address: string; index: number }[] = [];
  for await (const entry of addressEntries(source())) found.push(entry);
  return found;
}

describe('address lines', () => {
  it('skips a BOM, a header without @, blank and # lines, and numbers the rest by line', async () => {
    expect(
      await entries([
        '\uFEFFEmail Address,First Name',
        '',
        '# exported from elsewhere',
        ' ann@example.org , Ann ',
        '   ',
        'no at sign here',
        '"bob@example.net","Bob, Jr."',
      ]),
    ).toEqual([
      { address: 'ann@example.org', index: 4 },
      { address: 'no at sign here', index: 6 },
      { address: 'bob@example.net', index: 7 },
    ]);
  });

  it('takes only the first line as a header, and only when it has no @', async () => {
    expect(await entries(['\uFEFFann@example.org', 'header-like'])).toEqual([
      { address: 'ann@example.org', index: 1 },
      { address: 'header-like', index: 2 },
    ]);
    expect(await entries(['# comment', 'email', 'x@example.org'])).toEqual([
      { address: 'x@example.org', index: 3 },
    ]);
  });

  it('reads the first CSV field, quoted or not, with comma, semicolon or tab', () => {
    expect(firstColumn('a@example.org,Ann,Archer')).toBe('a@example.org');
    expect(firstColumn('a@example.org;Ann')).toBe('a@example.org');
    expect(firstColumn('a@example.org\tAnn')).toBe('a@example.org');
    expect(firstColumn('"a@example.org" ,"x"')).toBe('a@example.org');
    expect(firstColumn('"""odd, but quoted""@example.org",x')).toBe('"odd, but quoted"@example.org');
    expect(firstColumn('"unclosed@example.org')).toBe('unclosed@example.org');
    expect(firstColumn(',a@example.org')).toBe('');
    // One valid address as a whole stays whole, though it holds a comma.
    expect(firstColumn('"a,b"@example.org')).toBe('"a,b"@example.org');
  });
});
