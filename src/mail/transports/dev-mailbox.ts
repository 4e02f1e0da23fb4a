import type { Mailer, OutgoingMail, SendResult, Store } from '../../core/ports.js';
import type { DkimSettings } from '../dkim/dkim-settings.js';
import { signRaw } from '../dkim/sign-raw.js';
import { rawMessage } from './raw-message.js';

export interface DevMailboxDeps {
  store: Pick<Store, 'insertDevMail'>;
  clock: { now(): Date };
  newId: () => string;
  /** Signs like the SMTP path would, so the mailbox shows the DKIM-Signature that goes out. */
  dkim?: DkimSettings | undefined;
}

/**
 * Keeps mail in the database instead of sending it, for running without an SMTP relay. The raw
 * message is built from the same nodemailer options as the SMTP path, so it is byte for byte what
 * a relay would have received (MIME boundaries aside, which are random anyway).
 */
export function createDevMailbox(deps: DevMailboxDeps): Mailer {
  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      const unsigned = await rawMessage(mail);
      const raw = deps.dkim ? await signRaw(unsigned, deps.dkim) : unsigned;
      const id = deps.newId();
      await deps.store.insertDevMail({
        id,
        messageId: mail.messageId,
        to: mail.to,
        subject: mail.subject,
        raw: raw.toString('utf8'),
        createdAt: deps.clock.now().toISOString(),
      });
      return { response: `250 stored in the dev mailbox as ${id}` };
    },
    async close(): Promise<void> {},
  };
}
