/**
 * RFC 3463 enhanced status codes (`5.1.1`) and RFC 5321 reply codes (`550`): finding them in an
 * MTA's prose, choosing between two candidates, and what each standard code means in sisimai's
 * reason names. Everything here scans with indexOf and fixed-width regexes: no backtracking.
 */

/** `5.1.1`, `4.4.7`, `5.7.26`, `5.0.911` (sisimai's pseudo codes have a three-digit detail). */
export function isStatusCode(code: string): boolean {
  return /^[245]\.\d{1,3}\.\d{1,3}$/.test(code);
}

const ipv4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;
const statusCandidate = /[245]\.[0-7]\.\d{1,3}/g;

/**
 * The enhanced status code in a diagnostic text, or ''. `hint` (a reply code or its first digit)
 * restricts the class. A code glued to a digit, a dot or a version letter (`v2.0.1`) is not one;
 * `X.0.0` and `4.4.7` are kept only when nothing more precise is found, 2.x.x only when no failure
 * code is there; of several, {@link preferStatus} picks.
 */
export function findStatus(text: string, hint = ''): string {
  if (text.length < 5) return '';
  const masked = ` ${text.replace(ipv4, '***.***.***.***')}   `;
  const wanted = hint[0] === '2' || hint[0] === '4' || hint[0] === '5' ? hint[0] : '';
  const found: string[] = [];
  let vague = '';
  statusCandidate.lastIndex = 0;
  for (let m = statusCandidate.exec(masked); m !== null; m = statusCandidate.exec(masked)) {
    const code = m[0];
    const before = masked.charCodeAt(m.index - 1);
    const after = masked.charCodeAt(m.index + code.length);
    if ((before >= 46 && before <= 57) || before === 86 || before === 118) continue; // ./0-9 or v/V
    if (after >= 48 && after <= 57) continue; // a fourth digit: not a status code
    if (wanted !== '' && code[0] !== wanted) continue;
    if (/^\d\.0\.0$/.test(code) || code === '4.4.7') {
      vague = code;
      continue;
    }
    found.push(code);
  }
  if (vague !== '') found.push(vague);
  // A text that quotes both a success (an earlier hop's 250 2.1.0) and a failure is about the failure.
  const failures = found.filter((code) => code[0] !== '2');
  let chosen = '';
  for (const code of failures.length > 0 ? failures : found) {
    chosen = chosen === '' ? code : preferStatus(chosen, code, '');
  }
  return chosen;
}

/**
 * Of the `Status:` field and the code in the diagnostic, the one to believe (sisimai's rules): the
 * one whose class agrees with the reply code, else the more specific one; never a 2.x.x over a
 * 4.x.x or 5.x.x field.
 */
export function preferStatus(field: string, inText: string, replyCode: string): string {
  if (field === '') return inText;
  if (inText === '') return field;
  // A failure or a delay is never turned into a success by a 2.x.x an earlier hop's reply quoted.
  if (field[0] !== '2' && inText[0] === '2') return field;
  if (field.length < 5) return inText;
  if (inText.length < 5) return field;
  const reply = replyCode === '' ? '0' : replyCode;
  if (reply[0] !== '0' && field[0] !== inText[0]) {
    if (reply[0] === field[0]) return field;
    if (reply[0] === inText[0]) return inText;
  }
  if (field === inText) return field;
  const fieldZero = field.indexOf('.0');
  const textZero = inText.indexOf('.0');
  if (field.includes('.0.0')) return inText.includes('.0.0') ? field : inText;
  if (fieldZero > 0 && textZero < 0) return inText;
  if (inText.includes('.0.0')) return field;
  if (field === '4.4.7' || field === '4.7.0') return inText;
  if (field.startsWith('5.3.')) return inText;
  if (/^\d\.5\.[1245]$/.test(field)) return inText;
  if (field === '5.1.1') return textZero > 0 || inText.startsWith('5.5.') ? field : inText;
  if (field === '5.1.3' && inText.startsWith('5.7.')) return inText;
  return field;
}

const replyCodes: Record<string, readonly string[]> = {
  '5': [
    '550',
    '552',
    '553',
    '551',
    '521',
    '525',
    '523',
    '524',
    '530',
    '533',
    '534',
    '535',
    '538',
    '555',
    '556',
    '554',
    '500',
    '501',
    '502',
    '503',
    '504',
  ],
  '4': ['421', '450', '451', '452', '422', '430', '432', '453', '454', '455', '458', '459'],
  '2': ['211', '214', '220', '221', '235', '250', '251', '252', '253', '334', '354'],
};

/**
 * The SMTP reply code in a diagnostic text, or ''. `hint` (a status code or its first digit)
 * restricts the class. Codes are tried in the order of how often servers use them; a number glued
 * to a digit, a dot or a slash is not one.
 */
export function findReplyCode(text: string, hint = ''): string {
  if (text.length < 3 || text.toUpperCase().includes('X-UNIX')) return '';
  const padded = ` ${text} `;
  const first = hint[0] ?? '';
  const lists =
    first === '2' || first === '4' || first === '5'
      ? [replyCodes[first] ?? []]
      : [replyCodes['5'] ?? [], replyCodes['4'] ?? [], replyCodes['2'] ?? []];
  for (const list of lists) {
    for (const code of list) {
      for (let at = padded.indexOf(code, 1); at > 0; at = padded.indexOf(code, at + 1)) {
        const before = padded.charCodeAt(at - 1);
        const after = padded.charCodeAt(at + 3);
        if ((before >= 46 && before <= 57) || (after >= 46 && after <= 57)) continue;
        return code;
      }
    }
  }
  return '';
}

/** Temporary (`4…`) by its codes, or by saying so. */
export function isTemporary(text: string): boolean {
  if (text === '') return false;
  const code = findStatus(text) || findReplyCode(text);
  const lower = text.toLowerCase();
  return code.startsWith('4') || lower.includes(' temporar') || lower.includes(' persistent');
}
