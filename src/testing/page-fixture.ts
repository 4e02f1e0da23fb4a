/**
 * The recipient pages over a real SQLite store, for tests: members, an invitation and the tokens the
 * mail worker would mint, without sending mail. (Test-only.)
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { CoreDeps } from '../core/deps.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import type { Invitation, Member, TokenPurpose } from '../core/model.js';
import { hashToken } from '../core/tokens.js';
import { createRateLimiter, type RateLimiter } from '../http/middleware/rate-limit.js';
import type { PageDeps } from '../http/pages/page-deps.js';
import { pageRoutes } from '../http/pages/pages-routes.js';
import { createTestCore, type ManualClock } from './test-core.js';

export interface PageFixture {
  app: Hono;
  deps: PageDeps;
  core: CoreDeps;
  clock: ManualClock;
  inviter: Member;
  /** An invitation from `inviter` to `email`, and a landing token for it. */
  invitation(email: string, note?: string | null): Promise<{ invitation: Invitation; token: string }>;
  /** A token of `purpose` speaking for `email` (stop and do-not-contact links). */
  addressToken(purpose: TokenPurpose, email: string): Promise<string>;
  cleanup(): Promise<void>;
}

export interface PageFixtureOptions {
  baseUrl?: string;
  rateLimit?: RateLimiter;
}

export const fixtureBaseUrl = 'https://kindly.test';

export async function createPageFixture(options: PageFixtureOptions = {}): Promise<PageFixture> {
  const test = await createTestCore();
  const { core } = test;
  const deps: PageDeps = {
    core,
    secret: test.secret,
    brand: 'Kindly',
    baseUrl: options.baseUrl ?? fixtureBaseUrl,
    postalAddress: 'Kindly Ltd, 1 Example Street, Bristol BS1 1AA, United Kingdom',
    rateLimit: options.rateLimit ?? createRateLimiter({ limit: 5, windowMs: 10 * 60_000 }),
  };
  const app = new Hono();
  app.route('/', pageRoutes(deps));
  const inviter = await createMember(core, { email: 'alice.smith@example.com', name: 'Alice Smith' });

  async function mint(record: {
    purpose: TokenPurpose;
    invitationId: string | null;
    addressKey: string | null;
  }) {
    const token = randomBytes(16).toString('base64url');
    await core.store.insertToken({
      hash: hashToken(token),
      messageId: null,
      createdAt: core.clock.now().toISOString(),
      ...record,
    });
    return token;
  }

  return {
    app,
    deps,
    core,
    clock: test.clock,
    inviter,
    async invitation(email, note = null) {
      const { invitation } = await invite(core, { inviterId: inviter.id, email, note });
      const token = await mint({ purpose: 'invitation', invitationId: invitation.id, addressKey: null });
      return { invitation, token };
    },
    addressToken(purpose, email) {
      return mint({ purpose, invitationId: null, addressKey: core.keyOf(email) });
    },
    cleanup: () => test.cleanup(),
  };
}
