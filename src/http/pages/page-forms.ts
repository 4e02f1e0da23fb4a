import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { tooLargePage } from './message-page.js';
import type { PageDeps } from './page-deps.js';

/** Page forms are a few short fields; anything bigger is refused before it is read. */
export const maxFormBytes = 16 * 1024;

export function formBodyLimit(deps: PageDeps): MiddlewareHandler {
  return bodyLimit({ maxSize: maxFormBytes, onError: (c) => tooLargePage(c, deps) });
}

/** The string fields of a urlencoded or multipart form; an unreadable body reads as an empty form. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  try {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
    return fields;
  } catch {
    return {};
  }
}
