import type { Context } from 'hono';
import type { z } from 'zod';
import { KindlyError } from '../../core/errors.js';

/** Thrown for bodies that are not JSON at all; the error handler answers 400 or 415. */
export class BodyError extends Error {
  constructor(readonly code: 'malformed_json' | 'unsupported_media_type') {
    super(code);
  }
}

/** Parses and validates a JSON body. Unknown fields are refused, naming the first one. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new BodyError('unsupported_media_type');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BodyError('malformed_json');
  }
  return parseWith(schema, body);
}

export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  const detail =
    issue?.code === 'unrecognized_keys'
      ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`
      : `${where}: ${issue?.message ?? 'invalid'}`;
  throw new KindlyError('invalid_input', detail);
}
