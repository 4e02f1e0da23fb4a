/**
 * What a message's words say about it, in English and German (the languages LinkedIn, XING,
 * Facebook and Kindly write these mails in for the tests' recipients): that it is an invitation,
 * that it follows up an earlier one, whether it calls itself a reminder, and who is inviting.
 * Headers decide first (see networks.ts); the words decide when a network's headers do not say.
 */

/** Subject and the opening of the body, where these mails say what they are. */
export function openingWords(subject: string, text: string): string {
  return `${subject.slice(0, 500)}\n${text.slice(0, 1500)}`.replace(/[ \t\u00a0]+/g, ' ');
}

const invitationPatterns: RegExp[] = [
  /\b(?:has |have )?invited you to (?:connect|join|be friends)\b/i,
  /\b(?:wants|would like) to (?:connect|be friends)\b/i,
  /\bplease add me to your (?:[\w-]+ )?network\b/i,
  /\bI['’]?d like to (?:join|add you to) (?:your|my) (?:[\w-]+ )?(?:professional )?network\b/i,
  /\binvitations? to (?:connect|join)\b/i,
  /\b(?:friend|connection|contact) request\b/i,
  /\bjoin me on\b/i,
  /\bmöchte (?:sich )?mit (?:Ihnen|dir) vernetzen\b/i,
  /\bmöchte (?:Sie|dich) als Kontakt\b/i,
  /\bKontaktanfrage\b/i,
  /\bhat (?:Sie|dich) (?:zu [\wäöüß-]+ )?eingeladen\b/i,
];

/** Words that presuppose an earlier invitation: the mail is a follow-up, said or not. */
const followUpPatterns: RegExp[] = [
  /\bis (?:still )?waiting for (?:your|you to) (?:response|reply|answer|respond)/i,
  /\bpending (?:friend |connection |contact )?(?:requests?|invitations?)\b/i,
  /\bstill (?:waiting|open|pending)\b/i,
  /\bhaven['’]?t (?:yet )?(?:responded|replied|accepted|answered)\b/i,
  /\b(?:sent|invited) you (?:an invitation )?\d+ (?:days?|weeks?) ago\b/i,
  /\bwartet (?:noch )?auf (?:Ihre|deine) Antwort\b/i,
  /\boffene Kontaktanfrage\b/i,
  /\bnoch nicht beantwortet\b/i,
];

/** A mail that calls itself a reminder, in any of the languages Kindly writes. */
const reminderWords =
  /\b(?:remind(?:er|ing)?s?|Erinnerung(?:en)?|erinnern|erinnert|rappel|recordatorio|リマインダー)\b/i;

/** Mail a recipient asked for: confirmations, sign-in links, codes. */
const requestedPatterns: RegExp[] = [
  /\bverification code\b/i,
  /\bconfirm (?:your|that|the) (?:e-?mail|address|request|sign-?in)/i,
  /\bconfirm that \S+ should never e-?mail you\b/i,
  /\b(?:reset|change) your password\b/i,
  /\bsign-?in link\b/i,
  /\bone-time (?:link|code|password)\b/i,
  /\bBestätigungs(?:code|link)\b/i,
];

const anyOf = (patterns: readonly RegExp[], text: string) => patterns.some((p) => p.test(text));

export function soundsLikeInvitation(words: string): boolean {
  return anyOf(invitationPatterns, words);
}

export function soundsLikeFollowUp(words: string): boolean {
  return anyOf(followUpPatterns, words);
}

export function callsItselfReminder(words: string): boolean {
  return reminderWords.test(words);
}

export function soundsRequested(words: string): boolean {
  return anyOf(requestedPatterns, words);
}

/** Subject shapes that name the inviter, tried in order; `name` is the inviter. */
const inviterInSubject: RegExp[] = [
  /^(?:[^:,]{1,20}: )?(?:[^,]{1,40}, )?(?<name>[^,:]+?) (?:has |have )?invited you\b/i,
  /^(?:[^:,]{1,20}: )?(?:[^,]{1,40}, )?(?<name>[^,:]+?) (?:wants|would like) to (?:connect|be friends)\b/i,
  /^(?:[^:,]{1,20}: )?(?:[^,]{1,40}, )?(?<name>[^,:]+?) is (?:still )?waiting for your\b/i,
  /^(?:[^:]{1,20}: )?(?<name>[^,:]+?) (?:möchte|wartet|hat (?:Sie|dich))\b/i,
  /\b(?:invitation|request|reminder|Kontaktanfrage|Einladung|Erinnerung)(?: to connect)? (?:from|von) (?<name>[^,.!?]+)/i,
];

/** A display name that is the network's or a mailbox role, never a person's. */
const notAPerson =
  /^(?:linkedin|xing|facebook|meta|kindly|notifications?|invitations?|no-?reply|team|support|info|news|newsletter)\b/i;

/** True when `name` can be shown as an inviter: a short line that is not an address or a role. */
export function plausibleName(name: string | null | undefined): name is string {
  if (!name) return false;
  const trimmed = name.trim();
  return (
    trimmed.length >= 2 &&
    trimmed.length <= 80 &&
    !/[@<>/\\]|https?:/i.test(trimmed) &&
    !notAPerson.test(trimmed) &&
    /\p{L}/u.test(trimmed)
  );
}

/** `"Alice Archer via LinkedIn"` → `{ person: 'Alice Archer', via: 'LinkedIn' }`. */
export function splitVia(displayName: string): { person: string; via: string } | null {
  const match = /^(?<person>.+?) (?:via|über|par|vía|via the) (?<via>[^()]+)$/i.exec(displayName.trim());
  if (!match?.groups?.person || !match.groups.via) return null;
  return { person: match.groups.person.trim(), via: match.groups.via.trim() };
}

/** The inviter named in a subject line, or null. */
export function inviterFromSubject(subject: string): string | null {
  for (const pattern of inviterInSubject) {
    const name = pattern.exec(subject)?.groups?.name?.trim();
    if (plausibleName(name) && !/^(?:you|I|we|someone|people|\d+ people)$/i.test(name)) return name;
  }
  return null;
}
