/**
 * What MTAs write when the network, the queue or a server is the problem, lower-cased, by sisimai
 * reason (format: see text-match.ts). Gathered from the sisimai project's reason tables
 * (BSD-2-Clause) and the bounces in the corpus.
 */
import { phrases } from './text-match.js';

export const expiredPhrases = phrases(`
connection timed out
could not find a gateway for
delivery attempts will continue to be
delivery expired
delivery time expired
failed to deliver to domain_
giving up on
have been failing for a long time
has been delayed
it has not been collected after
message expired after sitting in queue for
message expired, cannot connect to remote server
message expired, connection refulsed
message timed out
retry time not reached for any host after a long failure period
server did not respond
this message has been in the queue too long
unable to deliver message after multiple retries
was not reachable within the allowed queue period
your message could not be delivered for more than
could not be delivered for* days
`);

export const networkErrorPhrases = phrases(`
could not connect and send the mail to
dns records for the destination computer could not be found
hop count exceeded - possible mail loop
host is unreachable
host name lookup failure
host not found, try again
mail forwarding loop for_
malformed name server reply
malformed or unexpected name server reply
maximum forwarding loop count exceeded
message looping
message probably in a routing loop
no route to host
too many hops
unable to resolve route_
unrouteable mail domain
`);

export const systemErrorPhrases = phrases(`
aliasing/forwarding loop broken
can't create user output file
could not load drd for domain
internal error reading data
internal server error: operation now in progress
interrupted system call
it encountered an error while being processed
it would create a mail loop
local configuration error
local error in processing
loop was found in the mail exchanger
loops back to myself
mail system configuration error
queue file write error
recipient deferred because there is no mdb
remote server is misconfigured
server configuration error
service currently unavailable
system config error
temporary local problem
timeout waiting for input
transaction failed_
unable to connect *daemon
`);

export const systemFullPhrases = phrases(`
mail system full
requested mail action aborted: exceeded storage allocation
`);

export const tooManyConnPhrases = phrases(`
all available ips are at maximum connection limit
connection rate limit exceeded
exceeds per-domain connection limit for
has exceeded the max emails per hour_
throttling failure: daily message quota exceeded
throttling failure: maximum sending rate exceeded
too many connections
too many connections from your host.
too many concurrent smtp connections
too many errors from your ip
too many recipients
too many smtp sessions for this host
trop de connexions,_
we have already made numerous attempts to deliver this message
`);

export const speedingPhrases = phrases(`
mail sent from your ip address has been temporarily rate limited
please try again slower
receiving mail at a rate that prevents additional messages from being delivered
`);

export const mailerErrorPhrases = phrases(`
_|| exit_
procmail:_
bin/procmail
bin/maidrop
command failed:_
command died with status_
command output:
mailer error
pipe to |/
x-unix;_
`);

export const failedStartTlsPhrases = phrases(`
starttls is required to send mail
tls required but not supported
`);
