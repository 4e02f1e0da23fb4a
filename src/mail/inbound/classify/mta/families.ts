/**
 * The MTA families with a format of their own, tried in this order before the generic RFC 3464
 * reading. Each lives in its own file in this folder, like sisimai's lhost modules.
 */
import type { Finding } from '../finding.js';
import type { MailView } from '../parse/mail-view.js';
import { amazonSes } from './amazon-ses.js';
import { biglobe } from './biglobe.js';
import { courier } from './courier.js';
import { domino } from './domino.js';
import { dragonfly } from './dragonfly.js';
import { einsundeins } from './einsundeins.js';
import { exchange2003 } from './exchange2003.js';
import { exim } from './exim.js';
import { ezweb } from './ezweb.js';
import type { MtaFamily } from './family.js';
import { fml } from './fml.js';
import { gmail } from './gmail.js';
import { gmx } from './gmx.js';
import { googleGroups } from './google-groups.js';
import { imailserver } from './imailserver.js';
import { kddi } from './kddi.js';
import { mailmarshal } from './mailmarshal.js';
import { opensmtpd } from './opensmtpd.js';
import { postfix } from './postfix.js';
import { qmail } from './qmail.js';
import { sendmail } from './sendmail.js';
import { tonline } from './tonline.js';
import { v5sendmail } from './v5sendmail.js';
import { verizon } from './verizon.js';
import { zoho } from './zoho.js';

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
  tonline,
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
