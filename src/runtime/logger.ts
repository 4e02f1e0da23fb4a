import pino from 'pino';

/** JSON lines on stdout. Tokens live in URLs, so request paths are never logged in full by default. */
export function createLogger(level: string) {
  return pino({ level, base: { service: 'kindly' }, redact: ['req.headers.authorization'] });
}
