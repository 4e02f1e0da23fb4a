/**
 * `POST /webhooks/ses`: Amazon SES notifications delivered by SNS. SNS posts `text/plain` JSON.
 * A subscription confirmation is verified like any message and then only logged: the operator opens
 * the SubscribeURL, so Kindly never fetches a URL a request handed it.
 */
import { Hono } from 'hono';
import { parseSesNotification } from '../../mail/inbound/providers/ses.js';
import {
  parseSnsMessage,
  type SnsSettings,
  verifySnsMessage,
} from '../../mail/inbound/providers/sns-message.js';
import { PayloadError } from '../../mail/inbound/providers/webhook-verdict.js';
import { problem } from '../problem.js';
import { applyProviderReports, parseJson, refuse, type WebhookDeps } from './webhook-request.js';

export function sesRoutes(deps: WebhookDeps, settings: SnsSettings | undefined): Hono {
  return new Hono().post('/', async (c) => {
    if (!settings) return problem(c, 'not_found', 'The SES webhook is not configured (KINDLY_SES_SNS_CERT).');
    const parsed = parseJson(c, await c.req.text());
    if ('response' in parsed) return parsed.response;
    let message: ReturnType<typeof parseSnsMessage>;
    try {
      message = parseSnsMessage(parsed.body);
    } catch (error) {
      if (error instanceof PayloadError)
        return refuse(c, { ok: false, problem: 'unsigned', detail: error.message }, 'ses', deps.logger);
      throw error;
    }
    const verdict = verifySnsMessage(message, settings);
    if (!verdict.ok) return refuse(c, verdict, 'ses', deps.logger);
    if (message.Type === 'SubscriptionConfirmation') {
      deps.logger.warn(
        { topicArn: message.TopicArn, subscribeUrl: message.SubscribeURL },
        'SNS subscription awaits confirmation: open the SubscribeURL once to confirm it',
      );
      return c.json({ subscription: 'awaiting-confirmation' });
    }
    if (message.Type === 'UnsubscribeConfirmation') {
      deps.logger.warn({ topicArn: message.TopicArn }, 'SNS subscription was cancelled');
      return c.json({ subscription: 'cancelled' });
    }
    return applyProviderReports(c, deps, 'ses', () => parseSesNotification(message.Message));
  });
}
