import DKIM from 'nodemailer/lib/dkim';
import { type DkimSettings, nodemailerDkim } from './dkim-settings.js';

/**
 * Signs a finished message with the same signer the SMTP transport uses, for the dev mailbox, so a
 * developer sees the DKIM-Signature a recipient would.
 */
export async function signRaw(raw: Buffer, settings: DkimSettings): Promise<Buffer> {
  const signed = new DKIM(nodemailerDkim(settings)).sign(raw);
  const chunks: Buffer[] = [];
  for await (const chunk of signed) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
