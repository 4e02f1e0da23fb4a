/**
 * A member's address book: `POST/GET/DELETE /v1/members/:id/contacts…`. Every route names the member;
 * a contact of another member's book is 404 like one that does not exist.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  addContact,
  deleteAllContacts,
  deleteContact,
  getContact,
  listContacts,
} from '../../core/contacts.js';
import type { CoreDeps } from '../../core/deps.js';
import { presentContact, presentContactView } from './contact-presenters.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseWith, readJson } from './read-json.js';

const newContactBody = z.strictObject({
  name: z.string().max(1000).nullable().optional(),
  email: z.string().max(512),
});

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  q: z.string().min(1).max(200).optional(),
});

export function contactsRoutes(core: CoreDeps): Hono {
  return new Hono()
    .post('/:id/contacts', async (c) => {
      const memberId = c.req.param('id');
      const { contact, created } = await addContact(core, memberId, await readJson(c, newContactBody));
      return c.json(presentContact(contact), created ? 201 : 200, {
        location: `/v1/members/${memberId}/contacts/${contact.id}`,
      });
    })
    .get('/:id/contacts', async (c) => {
      const query = parseWith(listQuery, c.req.query());
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const page = await listContacts(core, c.req.param('id'), {
        limit: query.limit + 1,
        ...(after ? { after } : {}),
        ...(query.q ? { q: query.q } : {}),
      });
      const items = page.slice(0, query.limit);
      const last = items.at(-1)?.contact;
      return c.json({
        items: items.map(presentContactView),
        nextCursor: page.length > query.limit && last ? encodeCursor(last) : null,
      });
    })
    .get('/:id/contacts/:contactId', async (c) =>
      c.json(presentContact(await getContact(core, c.req.param('id'), c.req.param('contactId')))),
    )
    .delete('/:id/contacts/:contactId', async (c) => {
      await deleteContact(core, c.req.param('id'), c.req.param('contactId'));
      return c.body(null, 204);
    })
    .delete('/:id/contacts', async (c) =>
      c.json({ deleted: await deleteAllContacts(core, c.req.param('id')) }),
    );
}
