import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../core/delivery-error.js';
import { enhancedStatusOf, toDeliveryError } from './smtp-errors.js';

/** Errors shaped the way nodemailer shapes them (code, response, responseCode, originalCode). */
function smtpError(fields: {
  code?: string;
  response?: string;
  responseCode?: number;
  originalCode?: string;
}) {
  return Object.assign(new Error(fields.response ?? fields.code ?? 'failure'), fields);
}

describe('toDeliveryError', () => {
  it.each([
    [{ code: 'ECONNECTION' }, 'ECONNECTION'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'ECONNECTION'],
    [{ code: 'ECONNREFUSED' }, 'ECONNECTION'],
    [{ code: 'ECONNRESET' }, 'ECONNECTION'],
    [{ code: 'EDNS', originalCode: 'ENOTFOUND' }, 'ECONNECTION'],
    [{ code: 'ETIMEDOUT' }, 'ETIMEDOUT'],
    [{ code: 'ESOCKET', originalCode: 'ETIMEDOUT' }, 'ETIMEDOUT'],
    [{ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication failed' }, 'EAUTH'],
    [{ code: 'EENVELOPE', responseCode: 451, response: '451 4.3.0 Try again later' }, 'ETEMPFAIL'],
    [{ code: 'ECONNECTION', responseCode: 421, response: '421 4.3.2 Shutting down' }, 'ETEMPFAIL'],
    [{ code: 'EPROTOCOL', responseCode: 503, response: '503 5.5.1 Bad sequence of commands' }, 'ETEMPFAIL'],
    [
      { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <x@y>: Recipient address rejected' },
      'ENOMAILBOX',
    ],
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550-5.1.1 The email account does not exist.\n550 5.1.1 Try again',
      },
      'ENOMAILBOX',
    ],
    [{ code: 'EENVELOPE', responseCode: 553, response: '553 5.1.10 Null MX' }, 'ENOMAILBOX'],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.0 Address rejected' }, 'ENOMAILBOX'],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 User unknown' }, 'ENOMAILBOX'],
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 Requested action not taken: mailbox unavailable',
      },
      'ENOMAILBOX',
    ],
    // An explicit status beats the words: 5.7.1 is policy, whatever the text says.
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.7.1 mailbox unavailable (spam)' }, 'EREJECTED'],
    [{ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Message rejected as spam' }, 'EREJECTED'],
    [{ code: 'EENVELOPE', responseCode: 552, response: '552 Message size exceeds limit' }, 'EREJECTED'],
    [{ code: 'EPROTOCOL' }, 'EUNKNOWN'],
    [{}, 'EUNKNOWN'],
  ] as const)('%o → %s', (fields, code) => {
    const mapped = toDeliveryError(smtpError(fields));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped.code).toBe(code);
    expect(mapped.responseCode).toBe('responseCode' in fields ? fields.responseCode : undefined);
  });

  it('keeps the cause, reply and enhanced status', () => {
    const err = smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' });
    const mapped = toDeliveryError(err);
    expect(mapped.cause).toBe(err);
    expect(mapped.enhancedStatus).toBe('5.1.1');
    expect(mapped.permanent).toBe(true);
    expect(toDeliveryError(smtpError({ code: 'ECONNECTION' })).permanent).toBe(false);
  });

  it('passes a DeliveryError through and survives things that are not errors', () => {
    const already = new DeliveryError('ETEMPFAIL', 'x');
    expect(toDeliveryError(already)).toBe(already);
    expect(toDeliveryError('boom').code).toBe('EUNKNOWN');
    expect(toDeliveryError(null).code).toBe('EUNKNOWN');
  });
});

describe('enhancedStatusOf', () => {
  it('reads the status after the reply code, and only when the classes agree', () => {
    expect(enhancedStatusOf('550 5.1.1 user unknown')).toBe('5.1.1');
    expect(enhancedStatusOf('451-4.7.1 greylisted\n451 4.7.1 come back later', 451)).toBe('4.7.1');
    expect(enhancedStatusOf('550 5.01.001 odd padding')).toBe('5.1.1');
    expect(enhancedStatusOf('550 4.1.1 mismatched class')).toBeUndefined();
    expect(enhancedStatusOf('550 5.1.1 x', 451)).toBeUndefined();
    expect(enhancedStatusOf('550 user unknown, see 5.1.1')).toBeUndefined();
    expect(enhancedStatusOf('')).toBeUndefined();
  });
});
