/**
 * `kindly inspect --opt-out`: the unsubscribe or do-not-contact request a message makes possible,
 * written for the recipient to carry out. A mailto (RFC 2369, RFC 6068) becomes a message to send;
 * an RFC 8058 one-click address becomes the POST to make; any other address becomes a page to visit.
 * Nothing here touches the network: a request made for the recipient is the recipient's to make.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Inspection } from './inspect-message.js';
import { readUnsubscribeOptions } from './list-unsubscribe.js';
import { headerValue, type MessageFacts } from './message-facts.js';

export interface OptOutPlan {
  /** The mailto request as a message to send, when the message offers one. */
  mail: { to: string; subject: string; eml: Buffer } | null;
  /** What else works, one instruction per line, best first. */
  instructions: string[];
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Kindly's stop links are `<base>/u/<token>`; its do-not-contact page is `<base>/do-not-contact`. */
function kindlyDoNotContact(inspection: Inspection): string | null {
  if (inspection.network?.id !== 'kindly') return null;
  const stop = inspection.unsubscribe.urls.find((url) => /\/u\/[A-Za-z0-9_-]+$/.test(url));
  return stop ? `${stop.replace(/\/u\/[A-Za-z0-9_-]+$/, '')}/do-not-contact` : null;
}

/**
 * Plans the opt-out. `options.from` overrides the sender of the mailto message (default: the
 * address the invitation was sent to). An empty plan (no mail, no instructions) means the message
 * offers no way out at all.
 */
export async function planOptOut(
  inspection: Inspection,
  facts: MessageFacts,
  options: { from?: string; date?: Date } = {},
): Promise<OptOutPlan> {
  const offered = readUnsubscribeOptions(
    headerValue(facts, 'list-unsubscribe'),
    headerValue(facts, 'list-unsubscribe-post'),
  );
  const mailto = offered.mailto[0];
  let mail: OptOutPlan['mail'] = null;
  if (mailto?.to[0]) {
    const subject = mailto.subject || 'unsubscribe';
    const recipient = facts.to[0];
    const eml = await new MailComposer({
      from: options.from ?? (recipient ? { name: recipient.name, address: recipient.address } : undefined),
      to: mailto.to.join(', '),
      subject,
      text: `${mailto.body || 'unsubscribe'}\n`,
      date: options.date ?? new Date(),
      newline: 'windows',
    })
      .compile()
      .build();
    mail = { to: mailto.to.join(', '), subject, eml };
  }
  const instructions: string[] = [];
  if (offered.oneClickUrl) {
    instructions.push(
      `One-click unsubscribe (RFC 8058): POST "List-Unsubscribe=One-Click" as application/x-www-form-urlencoded to ${offered.oneClickUrl}`,
      `  for example: curl -X POST -d List-Unsubscribe=One-Click ${shellQuote(offered.oneClickUrl)}`,
    );
  }
  for (const url of offered.urls.filter((u) => u !== offered.oneClickUrl)) {
    instructions.push(`Open this unsubscribe page in a browser: ${url}`);
  }
  if (offered.urls.length === 0 && !mail) {
    for (const url of inspection.unsubscribe.inBody)
      instructions.push(`Open the link the message gives: ${url}`);
  }
  const doNotContact = kindlyDoNotContact(inspection);
  if (doNotContact) {
    instructions.push(`To ask that the address never be mailed by this service at all: ${doNotContact}`);
  }
  return { mail, instructions };
}
