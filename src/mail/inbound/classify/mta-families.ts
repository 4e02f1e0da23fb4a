/**
 * The MTA families with a format of their own, tried in this order before the generic RFC 3464
 * reading. Each lives in its own file (mta-*.ts), like sisimai's lhost modules.
 */
import type { Finding } from './finding.js';
import type { MailView } from './mail-view.js';
import { amazonSes } from './mta-amazon-ses.js';
import { biglobe } from './mta-biglobe.js';
import { courier } from './mta-courier.js';
import { domino } from './mta-domino.js';
import { dragonfly } from './mta-dragonfly.js';
import { einsundeins } from './mta-einsundeins.js';
import { exchange2003 } from './mta-exchange2003.js';
import { exim } from './mta-exim.js';
import { ezweb } from './mta-ezweb.js';
import type { MtaFamily } from './mta-family.js';
import { fml } from './mta-fml.js';
import { gmail } from './mta-gmail.js';
import { gmx } from './mta-gmx.js';
import { googleGroups } from './mta-google-groups.js';
import { imailserver } from './mta-imailserver.js';
import { kddi } from './mta-kddi.js';
import { mailmarshal } from './mta-mailmarshal.js';
import { opensmtpd } from './mta-opensmtpd.js';
import { postfix } from './mta-postfix.js';
import { qmail } from './mta-qmail.js';
import { sendmail } from './mta-sendmail.js';
import { v5sendmail } from './mta-v5sendmail.js';
import { verizon } from './mta-verizon.js';
import { zoho } from './mta-zoho.js';

export const families: readonly MtaFamily[] = [
  amazonSes,
  postfix,
  sendmail,
  courier,
  ezweb,
  kddi,
  qmail,
  gmx,
  einsundeins,
  exim,
  dragonfly,
  gmail,
  googleGroups,
  opensmtpd,
  exchange2003,
  domino,
  imailserver,
  mailmarshal,
  verizon,
  biglobe,
  fml,
  zoho,
  v5sendmail,
];

/** The findings of the first family that recognises the message, or null. */
export function findByMtaFamily(view: MailView): Finding[] | null {
  for (const family of families) {
    const found = family.parse(view);
    if (found !== null && found.length > 0) return found;
  }
  return null;
}
