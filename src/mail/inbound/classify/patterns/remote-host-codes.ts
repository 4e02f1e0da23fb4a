/**
 * Providers whose refusals carry a documented code of their own (Orange/La Poste `LPN007_426`,
 * Cox `AUP#CXBL`, GoDaddy `IB607`, Facebook `RCP-P2`), by sisimai reason.
 */
import type { Finding } from '../finding.js';
import { firstReasonIn, firstReasonInLower, type ReasonPhrases } from '../mta/phrases.js';

export type Rule = (f: Finding) => string;

const frenchLabels: Record<string, string> = {
  '101': 'blocked',
  '102': 'blocked',
  '103': 'blocked',
  '104': 'toomanyconn',
  '305': 'securityerror',
  '401': 'authfailure',
  '402': 'securityerror',
  '403': 'rejected',
  '405': 'rejected',
  '415': 'rejected',
  '416': 'userunknown',
  '417': 'mailboxfull',
  '420': 'suspend',
  '421': 'rejected',
  '426': 'suspend',
  '505': 'systemerror',
  '506': 'spamdetected',
  '510': 'blocked',
  '514': 'mesgtoobig',
  '517': 'authfailure',
  '630': 'policyviolation',
  '999': 'blocked',
};

/** Orange and La Poste: `LPN007_426`, `OFR_506`, `OUK_513`. */
export const franceptt: Rule = (f) => {
  const code = /(?:lpn|lpnaaa|ofr|ouk)[0-9]{0,3}[_-]([0-9]{3})/i.exec(f.diagnosis)?.[1] ?? '';
  if (frenchLabels[code] !== undefined) return frenchLabels[code];
  return f.diagnosis.toLowerCase().includes('spf/dns de votre nom de domaine') ? 'authfailure' : '';
};

const coxCodes: Record<string, string> = {
  CXBL: 'blocked',
  CXDNS: 'requireptr',
  CXSNDR: 'authfailure',
  CXSMTP: 'rejected',
  CXCNCT: 'toomanyconn',
  CXMXRT: 'toomanyconn',
  CDRBL: 'blocked',
  CXTHRT: 'securityerror',
  CXMJ: 'securityerror',
};

export const cox: Rule = (f) => {
  const code = /AUP#([A-Z0-9]{2,12})/.exec(f.diagnosis)?.[1] ?? '';
  if (coxCodes[code] !== undefined) return coxCodes[code];
  if (code.startsWith('IPBL')) return 'blocked';
  if (code.startsWith('URLBL')) return 'spamdetected';
  return firstReasonInLower(f.diagnosis, [
    ['blocked', ['cox too many bad commands from', 'too many invalid recipients']],
    ['requireptr', ['dns check failure - try again later', 'rejected - no rdns']],
    ['policyviolation', ['esmtp no data before greeting', 'attachment extension is forbidden']],
    ['rejected', ['sender rejected']],
    ['systemerror', ['esmtp server temporarily not available']],
    [
      'toomanyconn',
      ['too many sessions from', 'requested action aborted: try again later', 'message threshold exceeded'],
    ],
    ['userunknown', ['recipient rejected']],
  ]);
};

const godaddyCodes: Record<string, string> = {
  IB401: 'securityerror',
  IB501: 'notcompliantrfc',
  IB502: 'notcompliantrfc',
  IB506: 'rejected',
  IB508: 'authfailure',
  IB108: 'requireptr',
  IB212: 'spamdetected',
  IB705: 'virusdetected',
  IB605: 'toomanyconn',
  IB007: 'toomanyconn',
  IB101: 'speeding',
  IB110: 'blocked',
  IB111: 'blocked',
  IB112: 'blocked',
  IB113: 'blocked',
  IB504: 'speeding',
  IB510: 'speeding',
  IB607: 'speeding',
  IB103: 'badreputation',
  IB104: 'blocked',
  IB105: 'blocked',
  IB106: 'blocked',
};

export const godaddy: Rule = (f) => {
  const code = / (IB\d{3})\b/.exec(f.diagnosis)?.[1] ?? '';
  if (godaddyCodes[code] !== undefined) return godaddyCodes[code];
  return firstReasonInLower(f.diagnosis, [
    ['blocked', ['rbl reject', 'www.spamhaus.org/query/bl?ip=']],
    ['expired', ['has been in the queue too long', 'delivery timeout']],
    ['mailboxfull', ['account storage limit']],
    ['spamdetected', ['message rejected for spam or virus content']],
    ['suspend', ['account disabled']],
    ['systemerror', ['message is looping']],
    ['userunknown', ['recipient not found', 'account does not exist']],
  ]);
};

const facebookLabels: ReasonPhrases = [
  ['authfailure', ['POL-P7']],
  ['blocked', ['POL-P1', 'POL-P2', 'POL-P3', 'POL-P4', 'POL-T1', 'POL-T2', 'POL-T3']],
  ['contenterror', ['MSG-P2']],
  ['filtered', ['RCP-P2', 'RCP-P3']],
  ['mesgtoobig', ['MSG-P1', 'INT-P2']],
  ['notcompliantrfc', ['MSG-P3']],
  ['rejected', ['DNS-P1', 'DNS-P2', 'DNS-T1']],
  ['requireptr', ['DNS-P3', 'DNS-T2']],
  ['spamdetected', ['POL-P6']],
  ['suspend', ['RCP-T4']],
  ['systemerror', ['RCP-T1']],
  ['toomanyconn', ['CON-T1', 'CON-T2', 'CON-T3', 'CON-T4', 'MSG-T1']],
  ['userunknown', ['RCP-P1', 'INT-P1', 'INT-P3', 'INT-P4']],
  ['virusdetected', ['POL-P5']],
];

export const facebook: Rule = (f) => {
  const label = /\b([A-Z]{3}-[PT]\d)\b/.exec(f.diagnosis)?.[1] ?? '';
  return label === '' ? '' : firstReasonIn(label, facebookLabels);
};
