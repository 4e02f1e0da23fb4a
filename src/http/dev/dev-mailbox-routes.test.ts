import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invite } from '../../core/invite.js';
import { createMember } from '../../core/members.js';
import { createDevMailbox } from '../../mail/transports/dev-mailbox.js';
import { createOutboxWorker } from '../../outbox/outbox-worker.js';
import { randomIds } from '../../runtime/random-ids.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testDeliveryDeps } from '../../testing/test-core.js';

describe('dev mailbox', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.cleanup());

  it('lists and renders what the worker sent, with working landing links', async () => {
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice <Archer>' });
    await invite(t.core, { inviterId: alice.id, email: 'bob@example.net', note: '<script>x</script>' });
    const mailer = createDevMailbox({
      store: t.core.store,
      clock: t.clock,
      newId: () => randomIds.id('msg'),
    });
    const worker = createOutboxWorker(testDeliveryDeps(t.core, mailer), {
      pollMs: 1000,
      leaseMs: 60_000,
      batchSize: 10,
    });
    expect(await worker.runOnce()).toEqual(['sent']);

    const list = await t.app.request('/dev/mailbox');
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml.startsWith('<!doctype html>')).toBe(true);
    expect(listHtml).toContain('Alice &lt;Archer&gt; invited you');
    const id = /href="\/dev\/mailbox\/(msg_[^"/]+)"/.exec(listHtml)?.[1];
    if (!id) throw new Error('no message link in the list');

    const detail = await (await t.app.request(`/dev/mailbox/${id}`)).text();
    expect(detail).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(detail).not.toContain('<script>x</script>');
    const landing = /https:\/\/kindly\.test(\/r\/[A-Za-z0-9_-]+)/.exec(detail)?.[1];
    if (!landing) throw new Error('no landing link in the text part');
    expect((await t.app.request(landing)).status).toBe(200);

    const part = await t.app.request(`/dev/mailbox/${id}/html`);
    expect(part.headers.get('content-security-policy')).toContain('sandbox');
    expect(await part.text()).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect((await t.app.request(`/dev/mailbox/${id}/raw`)).headers.get('content-type')).toMatch(
      /^message\/rfc822/,
    );
    expect((await t.app.request('/dev/mailbox/msg_missing')).status).toBe(404);
  });
});
