/**
 * What MTAs write when the sending host, the sender or the content is refused, lower-cased, by
 * sisimai reason (format: see text-match.ts). Gathered from the sisimai project's reason tables
 * (BSD-2-Clause) and the bounces in the corpus.
 */
import { phrases } from './text-match.js';

export const blockedPhrases = phrases(`
_said: 550 blocked
//www.spamcop.net/bl.
bad sender ip address
banned sending ip
blacklisted by
blocked using_
blocked - see http
dnsbl:attrbl
client host rejected: abus detecte gu_eib_02
client host rejected: abus detecte gu_eib_04
client host rejected: may not be mail exchanger
client host rejected: was not authenticated
confirm this mail server
connection dropped
connection refused by
connection reset by peer
connection was dropped by remote host
connections not accepted from ip addresses on spamhaus xbl
currently sending spam see:_
domain does not exist:
dynamic/zombied/spam ips blocked
error: no valid recipients from_
esmtp not accepting connections
extreme bad ip profile
go away
helo command rejected:
host network not allowed
hosts with dynamic ip
invalid ip for sending mail of domain
is in a black list
is not allowed to send mail from
mailfrom domain is listed in spamhaus
no access from mail server
no matches to nameserver query
not currently accepting mail from your ip
part of their network is on our block list
please use the smtp server of your isp
refused - see http
rejected - multi-blacklist
rejected because the sending mta or the sender has not passed validation
rejecting open proxy
sender ip address rejected
server access forbidden by your ip_
service not available, closing transmission channel
smtp error from remote mail server after initial connection:
sorry, that domain isn't in my list of allowed rcpthosts
sorry, your remotehost looks suspiciously like spammer
temporarily deferred due to unexpected volume or user complaints
to submit messages to this e-mail system has been rejected
too many spams from your ip
too many unwanted messages have been sent from the following ip address above
was blocked by_
we do not accept mail from dynamic ips
you are not allowed to connect
you are sending spam
your ip address is listed in the rbl
your network is temporary blacklisted
your server requires confirmation
(*@*:blocked)
access from ip address * blocked
client host * blocked using
connections will not be accepted from * because the ip is in spamhaus's list
dnsbl:rbl *>_is_blocked
email blocked by *.barracudacentral.org
email blocked by *spamhaus
host * refused to talk to me: * blocked
ip * is blocked by earthlink
is in an *rbl on_
mail server at * is blocked
mail from * refused:
mail from * refused, see *orbs
message from * rejected based on blacklist
messages from * temporarily deferred due to user complaints
server ip * listed as abusive
sorry! your ip address* is blocked by rbl
the domain * is blacklisted
the email * is blacklisted
the ip* is blacklisted
veuillez essayer plus tard. service refused, please try later. *103
veuillez essayer plus tard. service refused, please try later. *510
your access ip* has been rejected
your sender's ip address is listed at *.abuseat.org
`);

export const rejectedExceptions = phrases(`
5.1.0 address rejected
recipient address rejected
sender ip address rejected
`);

export const rejectedPhrases = phrases(`
access denied (in reply to mail from command)
access denied (sender blacklisted)
address rejected
administrative prohibition
batv failed to verify
batv validation failure
backscatter protection detected an invalid or expired email address
because the sender isn't on the recipient's list of senders to accept mail from
bogus mail from
can't determine purported responsible address
connections not accepted from servers without a valid sender domain
denied [bouncedeny]
denied by secumail valid-address-filter
delivery not authorized, message refused
does not exist e2110
domain of sender address_
email address is on senderfilterconfig list
emetteur invalide
empty envelope senders not allowed
envelope blocked -_
error: no third-party dsns
from: domain is invalid. please provide a valid from:
fully qualified email address required
invalid domain, see <url:
invalid sender
is not a registered gateway user
mail from not owned by user
message rejected: email address is not verified
mx records for_
null sender is not allowed
recipient addresses rejected : access denied
recipient not accepted. (batv: no tag
returned mail not accepted here
rfc 1035 violation: recursive cname records for
rule imposed mailbox access for
sending this from a different address or alias using the_
sender address has been blacklisted
sender email address rejected
sender is in my black list
sender is spammer
sender not pre-approved
sender rejected
sender domain is empty
sender verify failed
sender was rejected
spam reporting address
syntax error: empty email address
the message has been rejected by batv defense
this server does not accept mail from
transaction failed unsigned dsn for
unroutable sender address
you are not allowed to post to this mailing list
you are sending to/from an address that has been blacklisted
your access to submit messages to this e-mail system has been rejected
your email address has been blacklisted
`);

export const authFailurePhrases = phrases(`
//spf.pobox.com
bad spf records for
dmarc policy
doesn't meet the required authentication level
please inspect your spf settings
sender policy framework (spf) fail
sender policy framework violation
spf (sender policy framework) domain authentication fail
spf check: fail
the 5322.from address doesn't meet the authentication requirements defined for the sender
_is not allowed to send mail.*_401
is not allowed to send from <* per it's spf record
`);

export const requirePtrPhrases = phrases(`
access denied. ip name lookup failed
all mail servers must have a ptr record with a valid reverse dns entry
bad dns ptr resource record
cannot find your hostname
cannot resolve your address.
client host rejected: cannot find your hostname
fix reverse dns for_
ips with missing ptr records
no ptr record found.
please get a custom reverse dns name from your isp for your host
ptr record setup
reverse dns failed
reverse dns required
sender ip reverse lookup rejected
the ip address sending this message does not have a ptr record setup
the corresponding forward dns entry does not point to the sending ip
this system will not accept messages from servers/devices with no reverse dns
unresolvable relay host name
we do not accept mail from hosts with dynamic ip or generic dns ptr-records
domain * mismatches client ip
dns lookup failure: * try again later
reverse dns lookup for host * failed permanently
server access * forbidden by invalid rdns record of your mail server
service permits * unverifyable sending ips
`);

export const badReputationPhrases = phrases(`
a poor email reputation score
has been temporarily rate limited due to ip reputation
ip/domain reputation problems
likely suspicious due to the very low reputation
none/bad reputation
temporarily deferred due to unexpected volume or user complaints
the sending mta's poor reputation
`);

export const policyViolationPhrases = phrases(`
an illegal attachment on your message
because the recipient is not accepting mail with_
by non-member to a members-only list
closed mailing list
denied by policy
email not accepted for policy reasons
email rejected due to security policies
header are not accepted
header error
local policy violation
message bounced due to organizational settings
message given low priority
message not accepted for policy reasons
message rejected due to local policy
messages with multiple addresses
rejected for policy reasons
protocol violation
the email address used to send your message is not subscribed to this group
the message was rejected by organization policy
this message was blocked because its content presents a potential
we do not accept messages containing images or other attachments
you're using a mass mailer
you have exceeded the*allowable number of posts without solving a captcha
`);

export const virusDetectedPhrases = phrases(`
it has a potentially executable attachment
the message was rejected because it contains prohibited virus or spam content
this form of attachment has been used by recent viruses or other malware
virus detected
virus phishing/malicious_url detected
your message was infected with a virus
`);

export const securityErrorPhrases = phrases(`
account not subscribed to ses
authentication credentials invalid
authentication failure
authentication required
authentication turned on in your email client
executable files are not allowed in compressed files
insecure mail relay
recipient address rejected: access denied
sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts
unauthenticated senders not allowed
verification failure
you are not authorized to send mail, authentication is required
authentication failed; server * said:_
authentification invalide*305
authentification requise*402
domain * is a dead domain
user * is not authorized to perform ses:sendrawemail on resource
`);

export const noRelayingPhrases = phrases(`
as a relay
email address is not verified.
insecure mail relay
is not permitted to relay through this server without authentication
mail server requires authentication when attempting to send to a non-local e-mail address
no relaying
not a gateway
not allowed to relay through this machine
not an open relay, so get lost
not local host
relay access denied
relay denied
relay not permitted
relaying denied
relaying mail to_
specified domain is not allowed
that domain isn't in my list of allowed rcpthost
this system is not configured to relay mail
unable to relay_
we don't handle mail for
`);
