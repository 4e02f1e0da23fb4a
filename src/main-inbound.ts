/**
 * The composition root's inbound half, kept apart from `main.ts` so each stays small: the listener
 * that receives bounces, complaints and mailto unsubscribes, and the provider webhook keys.
 */
import type { Config } from './config.js';
import type { CoreDeps } from './core/deps.js';
import type { Logger } from './core/ports.js';
import type { WebhookSettings } from './http/webhooks/webhook-routes.js';
import { classifyMessage } from './mail/inbound/classify/classify-message.js';
import type { InboundObserver } from './mail/inbound/inbound-observer.js';
import { type InboundServer, startInboundServer } from './mail/inbound/inbound-server.js';
import { parseSendgridPublicKey } from './mail/inbound/providers/sendgrid.js';
import { parseCertificates } from './mail/inbound/providers/sns-message.js';

export function webhookSettings(config: Config, logger: Logger): WebhookSettings {
  const { sesSnsCertificatePem, sesSnsTopicArns, postmarkSecret, sendgridPublicKey } = config.webhooks;
  if (sesSnsCertificatePem && sesSnsTopicArns.length === 0) {
    // SNS signs every topic in a region with one certificate, so without the list anyone's topic is believed.
    logger.warn(
      {},
      'KINDLY_SES_SNS_TOPIC_ARNS is not set: SES notifications from any SNS topic are accepted',
    );
  }
  return {
    ...(sesSnsCertificatePem
      ? { ses: { certificates: parseCertificates(sesSnsCertificatePem), topicArns: sesSnsTopicArns } }
      : {}),
    ...(postmarkSecret ? { postmark: { secret: postmarkSecret } } : {}),
    ...(sendgridPublicKey ? { sendgrid: { publicKey: parseSendgridPublicKey(sendgridPublicKey) } } : {}),
  };
}

/**
 * Starts the inbound listener. A port the operator chose must be free, or the start fails. When the
 * listener rides along with `kindly serve` (`alongside`), the default port (2525) being taken only
 * costs a warning, so a second Kindly on one machine (a test run, a developer's) still serves.
 */
export async function startInboundListener(
  config: Config,
  core: CoreDeps,
  logger: Logger,
  alongside: boolean,
  observer?: InboundObserver,
): Promise<InboundServer | undefined> {
  try {
    return await startInboundServer(
      { core, bounceDomain: config.bounceDomain, classify: classifyMessage, logger, observer },
      { port: config.inbound.port, host: config.inbound.host },
    );
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!busy || config.inbound.portConfigured || !alongside) throw error;
    logger.warn(
      { port: config.inbound.port },
      'inbound listener not started: the default port is in use (set KINDLY_INBOUND_PORT)',
    );
    return undefined;
  }
}
