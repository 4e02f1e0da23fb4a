/**
 * `POST /v1/members/:id/contacts/imports?knowsContacts=true` with the address-book file as the body
 * (any media type), and `GET …/imports/:importId` for the job's progress.
 *
 * The body is streamed to a temporary file (never held whole in memory) under its own limit, larger
 * than the API's 64 KiB; the reader recognises the format from its first bytes, so an unknown file is
 * refused at once (422), and the import then runs as a job after the answer (202). The job reads the
 * file from disk because the HTTP server discards a request body its answer did not wait for.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type ContactFile,
  createContactImport,
  getContactImport,
  requireConfirmation,
  runContactImport,
} from '../../core/contact-import.js';
import { bookOwner } from '../../core/contacts.js';
import type { CoreDeps } from '../../core/deps.js';
import { KindlyError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { presentContactImport } from './contact-presenters.js';
import { parseWith } from './read-json.js';

/** Reads an address-book file: `src/import/read-contacts.ts` (throws `unsupported_contacts_file`). */
export type ContactReader = (
  input: AsyncIterable<Buffer | Uint8Array> | NodeJS.ReadableStream,
) => Promise<ContactFile>;

/** 20 MB: a large exported address book (about 200,000 contacts) in one request. */
export const maxContactImportBytes = 20 * 1024 * 1024;

/** The import route, whose body the app-wide 64 KiB limit must leave alone. */
export function isContactImportPath(method: string, path: string): boolean {
  return method === 'POST' && /^\/v1\/members\/[^/]+\/contacts\/imports$/.test(path);
}

const importQuery = z.strictObject({
  knowsContacts: z.enum(['true', 'false']).optional(),
});

export interface ContactImportRoutesDeps {
  core: CoreDeps;
  readContacts: ContactReader;
  logger: Logger;
  /** Told of each job started, so tests (and a graceful shutdown) can wait for it. */
  onJob?: ((done: Promise<unknown>) => void) | undefined;
}

/** Writes the body to `file`, failing with `payload_too_large` past `maxBytes`. */
async function spool(body: ReadableStream<Uint8Array> | null, file: string, maxBytes: number): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    let size = 0;
    if (body) {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw new KindlyError('payload_too_large', `A contacts file is limited to ${maxBytes} bytes.`);
        }
        await handle.write(chunk);
      }
    }
  } finally {
    await handle.close();
  }
}

export function contactImportRoutes(deps: ContactImportRoutesDeps): Hono {
  const { core } = deps;
  return new Hono()
    .post('/:id/contacts/imports', async (c) => {
      const query = parseWith(importQuery, c.req.query());
      const member = await bookOwner(core, c.req.param('id'));
      // Before a byte of the file is read: no confirmation, no import.
      requireConfirmation(query.knowsContacts === 'true');
      const declared = Number(c.req.header('content-length') ?? Number.NaN);
      if (declared > maxContactImportBytes) {
        throw new KindlyError(
          'payload_too_large',
          `A contacts file is limited to ${maxContactImportBytes} bytes.`,
        );
      }
      const dir = await mkdtemp(path.join(tmpdir(), 'kindly-contacts-'));
      const cleanup = () => rm(dir, { recursive: true, force: true });
      let started = false;
      try {
        const file = path.join(dir, 'upload');
        await spool(c.req.raw.body, file, maxContactImportBytes);
        const contacts = await deps.readContacts(createReadStream(file));
        const job = await createContactImport(core, member.id, {
          knowsContacts: true,
          format: contacts.format,
          layout: contacts.layout,
        });
        const done = runContactImport(core, job, contacts.contacts)
          .then((ended) => {
            if (ended.state === 'failed')
              deps.logger.warn({ importId: ended.id, error: ended.error }, 'contact import failed');
          })
          .finally(cleanup);
        started = true;
        deps.onJob?.(done);
        return c.json({ id: job.id, state: job.state }, 202, {
          location: `/v1/members/${member.id}/contacts/imports/${job.id}`,
        });
      } finally {
        if (!started) await cleanup();
      }
    })
    .get('/:id/contacts/imports/:importId', async (c) =>
      c.json(presentContactImport(await getContactImport(core, c.req.param('id'), c.req.param('importId')))),
    );
}
