/**
 * Microsoft Exchange Server 2003 (Internet Mail Service): "Your message … did not reach the
 * following recipient(s):", `user@example.com on <date>` and an `MSEXCH:IMS:… (000C05A6)` code.
 */
import { cleanAddress } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { pseudoStatus } from '../patterns/status-reasons.js';
import { linesAfter, type MtaFamily, readBlocks, receivedContains } from './family.js';

/** Exchange's own codes, by reason. */
const codes: Record<string, string> = {
  '000C05A6': 'userunknown',
  '000C0595': 'filtered',
  '00010256': 'systemerror',
  '000D06B5': 'systemerror',
  '00120270': 'networkerror',
  '00050311': 'contenterror',
  '000502CC': 'contenterror',
  '000B0981': 'securityerror',
  '000B099C': 'onhold',
  '000B09AA': 'onhold',
  '000B09B6': 'onhold',
};

function isExchange2003(view: MailView): boolean {
  if (view.headers.has('x-ms-embedded-report')) return true;
  const mailer = first(view.headers, 'x-mailer');
  if (mailer.startsWith('Internet Mail Service (')) return true;
  if (mailer.startsWith('Microsoft Exchange Server Internet Mail Connector')) return true;
  if (first(view.headers, 'x-mimeole').startsWith('Produced By Microsoft Exchange')) return true;
  return receivedContains(view, ' with internet mail service (');
}

export const exchange2003: MtaFamily = {
  name: 'exchange2003',
  parse(view) {
    if (!isExchange2003(view)) return null;
    const lines = linesAfter(view, ['did not reach the following recipient(s):']);
    const findings = readBlocks('exchange2003', lines, (line) => {
      const m =
        /^\s{0,10}([^\s@]{1,64}@[^\s@]{1,255}) on /.exec(line) ??
        /:SMTP=([^;\s@]{1,64}@[^;\s@]{1,255}); on /i.exec(line);
      return m === null ? '' : cleanAddress(m[1] ?? '');
    });
    for (const f of findings) {
      const code = /MSEXCH:[^()]{0,200}\(([0-9A-F]{8})\)/.exec(f.diagnosis)?.[1] ?? '';
      const reason = codes[code];
      if (reason === undefined) continue;
      f.reason = reason;
      f.status = pseudoStatus(reason, false);
      f.diagnosis =
        f.diagnosis.slice(f.diagnosis.indexOf(`(${code})`) + code.length + 2).trim() || f.diagnosis;
    }
    return findings.length > 0 ? findings : null;
  },
};
