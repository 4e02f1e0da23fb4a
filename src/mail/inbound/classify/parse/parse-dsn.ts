/**
 * RFC 3464 delivery status notifications: the message/delivery-status part, one group of fields for
 * the message and one per recipient (Final-Recipient, Action, Status, Remote-MTA, Diagnostic-Code…).
 */

import { emptyFinding, type Finding } from '../finding.js';
import { squeeze } from '../patterns/text-match.js';
import { cleanAddress } from './addresses.js';

export interface DsnRecipient {
  finalRecipient: string;
  originalRecipient: string;
  action: string;
  status: string;
  /** The comment after the status code, e.g. `Status: 5.0.0 (permanent failure)`. */
  statusComment: string;
  remoteMta: string;
  diagnosticType: string;
  diagnosticCode: string;
  /**
   * Exchange's `X-Supplementary-Info: <host #5.0.0 smtp; 550 "Unknown User">`: the remote host's
   * reply, which some Exchange versions give only here (no Diagnostic-Code).
   */
  supplementaryInfo: string;
}

export interface Dsn {
  reportingMta: string;
  /** Per-message fields that some MTAs put where per-recipient ones belong (Action, Status…). */
  defaults: Partial<DsnRecipient>;
  recipients: DsnRecipient[];
}

const fieldLine = /^([A-Za-z][A-Za-z0-9-]{0,40})[ \t]*:[ \t]*(.*)$/;

function blankRecipient(): DsnRecipient {
  return {
    finalRecipient: '',
    originalRecipient: '',
    action: '',
    status: '',
    statusComment: '',
    remoteMta: '',
    diagnosticType: '',
    diagnosticCode: '',
    supplementaryInfo: '',
  };
}

/** `rfc822; user@example.com` → ['rfc822', 'user@example.com']; a value without a type has ''. */
export function typedValue(value: string): [string, string] {
  const semi = value.indexOf(';');
  if (semi < 0 || semi > 20) return ['', value.trim()];
  return [value.slice(0, semi).trim(), value.slice(semi + 1).trim()];
}

/**
 * Parses the fields of a delivery-status part. Recipient groups are told apart by a new
 * Final-Recipient (blank lines between groups are not relied on: some MTAs omit them).
 */
export function parseDsn(text: string): Dsn {
  const dsn: Dsn = { reportingMta: '', defaults: {}, recipients: [] };
  let current: DsnRecipient | null = null;
  let lastField = '';
  const target = (): Partial<DsnRecipient> => current ?? dsn.defaults;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      lastField = '';
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && lastField !== '') {
      if (lastField === 'diagnostic-code') {
        const t = target();
        t.diagnosticCode = `${t.diagnosticCode ?? ''} ${line.trim()}`;
      } else if (lastField === 'x-supplementary-info') {
        const t = target();
        t.supplementaryInfo = `${t.supplementaryInfo ?? ''} ${line.trim()}`;
      }
      continue;
    }
    const m = fieldLine.exec(line);
    if (m === null) {
      lastField = '';
      continue;
    }
    const name = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    lastField = name;
    switch (name) {
      case 'reporting-mta':
        dsn.reportingMta ||= typedValue(value)[1];
        break;
      case 'final-recipient':
      case 'original-recipient':
      case 'x-actual-recipient': {
        const address = cleanAddress(typedValue(value)[1]);
        if (name === 'final-recipient') {
          if (current !== null && current.finalRecipient === '') {
            current.finalRecipient = address;
          } else if (current === null || current.finalRecipient !== address) {
            current = blankRecipient();
            current.finalRecipient = address;
            dsn.recipients.push(current);
          }
        } else if (name === 'original-recipient' && (current === null || current.finalRecipient !== '')) {
          if (current === null || current.originalRecipient !== '') {
            current = blankRecipient();
            dsn.recipients.push(current);
          }
          current.originalRecipient = address;
        } else if (current !== null) {
          current.originalRecipient ||= address;
        }
        break;
      }
      case 'action':
        target().action = value.toLowerCase().split(/[\s(]/)[0] ?? '';
        break;
      case 'status': {
        const code = /^\d\.\d{1,3}\.\d{1,3}/.exec(value)?.[0] ?? '';
        target().status = code;
        target().statusComment = squeeze(value.slice(code.length))
          .replace(/^\(/, '')
          .replace(/\)$/, '')
          .trim();
        break;
      }
      case 'remote-mta':
        target().remoteMta = typedValue(value)[1];
        break;
      case 'diagnostic-code': {
        const [type, code] = typedValue(value);
        target().diagnosticType = type.toUpperCase();
        target().diagnosticCode = code;
        break;
      }
      case 'x-supplementary-info':
        target().supplementaryInfo = value;
        break;
      default:
        break;
    }
  }
  for (const r of dsn.recipients) {
    if (r.finalRecipient === '') r.finalRecipient = r.originalRecipient;
    r.diagnosticCode = squeeze(r.diagnosticCode);
    if (r.action === '') r.action = dsn.defaults.action ?? '';
    if (r.status === '') r.status = dsn.defaults.status ?? '';
    if (r.diagnosticCode === '') {
      r.diagnosticCode = squeeze(dsn.defaults.diagnosticCode ?? '');
      r.diagnosticType ||= dsn.defaults.diagnosticType ?? '';
    }
    if (r.remoteMta === '') r.remoteMta = dsn.defaults.remoteMta ?? '';
    r.supplementaryInfo = squeeze(r.supplementaryInfo || (dsn.defaults.supplementaryInfo ?? ''));
    if (r.diagnosticCode === '' && r.supplementaryInfo !== '') {
      const [status, type, code] = readSupplementaryInfo(r.supplementaryInfo);
      r.diagnosticType = type;
      r.diagnosticCode = code;
      r.status ||= status;
    }
  }
  dsn.recipients = dsn.recipients.filter((r) => r.finalRecipient.includes('@'));
  return dsn;
}

/**
 * `<mx.example.com #5.1.1 smtp;550 5.1.1 User unknown>` → ['5.1.1', 'SMTP', '550 5.1.1 User unknown'];
 * a value of another shape is kept whole as the diagnostic.
 */
export function readSupplementaryInfo(value: string): [status: string, type: string, code: string] {
  const bare = squeeze(value).replace(/^<|>$/g, '');
  const hash = /^\S{0,255} #(\d\.\d{1,3}\.\d{1,3}) ?/.exec(bare);
  const rest = hash === null ? bare : bare.slice(hash[0].length);
  const [type, code] = typedValue(rest);
  return [hash?.[1] ?? '', type.toUpperCase(), code];
}

/** The findings of a DSN, one per recipient, in its order. */
export function dsnFindings(dsn: Dsn, agent: string): Finding[] {
  return dsn.recipients.map((r) => {
    const f = emptyFinding(agent);
    f.recipient = r.finalRecipient;
    f.alias = r.originalRecipient !== r.finalRecipient ? r.originalRecipient : '';
    f.action = r.action;
    f.status = r.status;
    f.diagnosis = r.diagnosticCode;
    if (
      r.statusComment !== '' &&
      !/^(permanent|temporary|persistent) (failure|error)$/i.test(r.statusComment)
    ) {
      f.diagnosis = squeeze(`${f.diagnosis} ${r.statusComment}`);
    }
    f.diagnosticType = r.diagnosticType;
    f.rhost = r.remoteMta;
    f.lhost = dsn.reportingMta;
    return f;
  });
}
