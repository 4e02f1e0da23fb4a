/**
 * The CSV layouts Kindly recognises by their header row, most particular first, and which of their
 * columns hold addresses and the name. Header cells are compared trimmed, case-insensitively and
 * with runs of white space as one space; their order and any other columns do not matter.
 *
 * The column names are those the programs write: Google Contacts (the current export and the one
 * before it, which named the e-mail type column "Type" rather than "Label"), Outlook's "Comma
 * Separated Values" export in English, German and French, LinkedIn's `Connections.csv`, and
 * Thunderbird's address book export. Anything else with a column called e-mail, mail, e-mail
 * address or the like reads as `plain`.
 */

export interface CsvLayout {
  /** Reported as `ContactFile.layout`. */
  readonly layout: string;
  /** Header cells that must all be there for the layout to be this one. */
  readonly requires: readonly string[];
  /** The columns holding addresses: by name, or every column whose name matches. */
  readonly emails: readonly string[] | RegExp;
  /** Where the name is: the first alternative with a non-empty value wins; parts are joined with a space. */
  readonly names: readonly (readonly string[])[];
}

const googleEmails = /^e-mail \d+ - value$/;

export const csvLayouts: readonly CsvLayout[] = [
  {
    layout: 'linkedin',
    requires: ['first name', 'last name', 'email address', 'connected on'],
    emails: ['email address'],
    names: [['first name', 'last name']],
  },
  {
    layout: 'google',
    requires: ['first name', 'last name', 'e-mail 1 - value'],
    emails: googleEmails,
    names: [['first name', 'middle name', 'last name'], ['nickname'], ['file as']],
  },
  {
    layout: 'google-legacy',
    requires: ['name', 'given name', 'e-mail 1 - value'],
    emails: googleEmails,
    names: [['name'], ['given name', 'additional name', 'family name'], ['nickname']],
  },
  {
    layout: 'outlook-en',
    requires: ['first name', 'last name', 'e-mail address'],
    emails: ['e-mail address', 'e-mail 2 address', 'e-mail 3 address'],
    names: [['first name', 'middle name', 'last name'], ['e-mail display name']],
  },
  {
    layout: 'outlook-de',
    requires: ['vorname', 'nachname', 'e-mail-adresse'],
    emails: ['e-mail-adresse', 'e-mail 2: adresse', 'e-mail 3: adresse'],
    names: [['vorname', 'weitere vornamen', 'nachname'], ['e-mail: angezeigter name']],
  },
  {
    layout: 'outlook-fr',
    requires: ['prénom', 'nom', 'adresse de messagerie'],
    emails: ['adresse de messagerie', 'adresse de messagerie 2', 'adresse de messagerie 3'],
    names: [['prénom', 'deuxième prénom', 'nom'], ["nom complet de l'adresse de messagerie"]],
  },
  {
    layout: 'thunderbird',
    requires: ['display name', 'primary email'],
    emails: ['primary email', 'secondary email'],
    names: [['display name'], ['first name', 'last name'], ['nickname']],
  },
];

/**
 * A column of addresses in a file no program wrote: `email`, `E-Mail`, `Email Address`, `mail`,
 * `Work email 2`, `courriel`, `E-Mail-Adresse`, `Adresse e-mail`…
 */
const plainEmail =
  /^(?:(?:primary|secondary|other|work|home|personal|business) )?(?:e-?mail(?:[ -]?address(?:e)?)?|mail|courriel|adresse e-?mail|correo(?: electr[oó]nico)?)(?: ?\d+)?$/;

/** The name in such a file: one column, or first and last name. */
const plainNames: readonly (readonly string[])[] = [
  ['name'],
  ['full name'],
  ['display name'],
  ['first name', 'middle name', 'last name'],
  ['given name', 'family name'],
  ['first name', 'surname'],
  ['vorname', 'nachname'],
  ['prénom', 'nom'],
  ['nom'],
];

/** A header cell as the layouts name it. */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Which columns of a record hold what, once the header is known. */
export interface ColumnPlan {
  readonly layout: string;
  readonly emailColumns: readonly number[];
  /** Alternatives, each the columns joined into a name; the first non-empty one is the name. */
  readonly nameColumns: readonly (readonly number[])[];
}

/** The plan for a header row, or null when it is not a header Kindly knows (no address column). */
export function planForHeader(header: readonly string[]): ColumnPlan | null {
  const keys = header.map(headerKey);
  const index = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!index.has(key)) index.set(key, i);
  });
  for (const layout of csvLayouts) {
    if (!layout.requires.every((name) => index.has(name))) continue;
    const emailColumns = columnsOf(keys, index, layout.emails);
    if (emailColumns.length === 0) continue;
    return { layout: layout.layout, emailColumns, nameColumns: namesOf(index, layout.names) };
  }
  const emailColumns = columnsOf(keys, index, plainEmail);
  if (emailColumns.length === 0) return null;
  return { layout: 'plain', emailColumns, nameColumns: namesOf(index, plainNames) };
}

function columnsOf(
  keys: readonly string[],
  index: Map<string, number>,
  emails: CsvLayout['emails'],
): number[] {
  if (emails instanceof RegExp) return keys.flatMap((key, i) => (emails.test(key) ? [i] : []));
  return emails.flatMap((name) => {
    const i = index.get(name);
    return i === undefined ? [] : [i];
  });
}

function namesOf(index: Map<string, number>, names: CsvLayout['names']): number[][] {
  return names
    .map((parts) => parts.flatMap((name) => (index.has(name) ? [index.get(name) as number] : [])))
    .filter((columns) => columns.length > 0);
}
