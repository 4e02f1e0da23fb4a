/**
 * What MTAs write when the message itself is refused (spam, content, format), lower-cased, by
 * sisimai reason (format: see text-match.ts). Gathered from the sisimai project's reason tables
 * (BSD-2-Clause) and the bounces in the corpus.
 */
import { phrases } from './text-match.js';

export const spamDetectedPhrases = phrases(`
_- spam
//www.spamhaus.org/help/help_spam_16.htm
//dsbl.org/help/help_spam_16.htm
//mail.163.com/help/help_spam_16.htm
554 5.7.0 reject, id=
appears to be unsolicited
blacklisted url in message
block for spam
blocked by policy: no spam please
blocked by spamassassin
blocked for abuse. see http://att.net/blocks
cannot be forwarded because it was detected as spam
considered unsolicited bulk e-mail (spam) by our mail filters
content filter rejection
cyberoam anti spam engine has identified this email as a bulk email
denied due to spam list
high probability of spam
is classified as spam and is rejected
listed in work.drbl.imedia.ru
the mail server detected your message as spam and has prevented delivery.
mail appears to be unsolicited
mail content denied
may consider spam
message considered as spam or virus
message contains spam or virus
message content rejected
message detected as spam
message filtered
message filtered. please see the faqs section on spam
message filtered. refer to the troubleshooting page at_
message looks like spam
message is being rejected as it seems to be a spam
message refused by mailmarshal spamprofiler
message refused by trustwave seg spamprofiler
message rejected as spam
message rejected because of unacceptable content
message rejected due to suspected spam content
message rejected for policy reasons
message was rejected for possible spam/virus content
our email server thinks this email is spam
our system has detected that this message is_
probable spam
reject bulk.advertising
rejected: spamassassin score_
rejected - bulk email
rejecting banned content
rejecting mail content
related to content with spam-like characteristics
sender domain listed at_
sending address not accepted due to spam filter
spam blocked
spam check
spam content matched
spam detected
spam email
spam email not accepted
spam message rejected.
spam not accepted
spam refused
spam rejection
spam score_
spambouncer identified spam
spamming not allowed
too many spam complaints
too much spam.
the email message was detected as spam
the message has been rejected by spam filtering engine
the message was rejected due to classification as bulk mail
the content of this message looked like spam
this message appears to be spam
this message has been identified as spam
this message has been scored as spam with a probability
this message was classified as spam
this message was rejected by recurrent pattern detection system
transaction failed spam message not queued
we dont accept spam
your email appears similar to spam we have received before
your email breaches local uribl policy
your email had spam-like_
your email is considered spam
your email is probably spam
your email was detected as spam
your message as spam and has prevented delivery
your message has been temporarily blocked by our filter
your message has been rejected because it appears to be spam
your message has triggered a spam block
your message may contain the spam contents
your message failed several antispam checks
greylisted* please try again in
mail score (* over_
mail rejete. mail rejected. *506
our filters rate at and above * percent probability of being spam
rejected by * (spam)
rejected due to spam *classification
rejected due to spam *content
rule imposed as * is blacklisted on
spam * exceeded
this message scored * spam points
`);

export const contentErrorPhrases = phrases(`
duplicate header
header size exceeds maximum permitted
improper use of 8-bit data in message header
message header size, or recipient list, exceeds policy limit
message mime complexity exceeds the policy maximum
routing loop detected -- too many received: headers
this message contain invalid mime headers
this message contain improperly-formatted binary content
this message contain text that uses unnecessary base64 encoding
`);

export const notCompliantRfcPhrases = phrases(`
duplicate header
this message is not rfc 5322 compliant
https://support.google.com/mail/?p=rfcmessagenoncompliant
_multiple * header
`);

export const vacationPhrases = phrases(`
i am away on vacation
i am away until
i am out of the office
i will be traveling for work on
`);
