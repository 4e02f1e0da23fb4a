/**
 * The whole Hono app over a real store, driven in-process with `app.request()`: no port, no process,
 * the same routes and middleware as `kindly serve`.
 */
import { Registry } from 'prom-client';
import type { CoreDeps } from '../core/deps.js';
import { hashToken } from '../core/tokens.js';
import { type AppDeps, createApp } from '../http/app.js';
import { createTestCore, silentLogger, type TestCore, type TestCoreOptions } from './test-core.js';

export const testAdminToken = 'test-operator-token-0123456789abcdef';

/** A Response whose JSON tests read loosely. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response JSON loosely
export type JsonResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface TestApp extends TestCore {
  app: ReturnType<typeof createApp>;
  /** A JSON API call with the operator's token. */
  call(method: string, path: string, body?: unknown): Promise<JsonResponse>;
}

/** The app's dependencies in tests: the operator's test token, the dev mailbox, no log. */
export function testAppDeps(core: CoreDeps, secret: string): AppDeps {
  return {
    core,
    adminTokenHash: hashToken(testAdminToken),
    secret,
    brand: 'Kindly',
    baseUrl: 'https://kindly.test',
    postalAddress: '1 Test Street, Testville',
    devMailbox: true,
    metrics: new Registry(),
    logger: silentLogger,
  };
}

export async function createTestApp(options: TestCoreOptions = {}): Promise<TestApp> {
  const test = await createTestCore(options);
  const app = createApp(testAppDeps(test.core, test.secret));
  return {
    ...test,
    app,
    async call(method, path, body) {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${testAdminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response as unknown as JsonResponse;
    },
  };
}

/**
 * A test app with one member, Alice, to invite from, and the inviter limits out of the way: for tests
 * that send many invitations about something else (bad input, addresses).
 */
export async function createInviterTestApp(): Promise<TestApp & { inviterId: string }> {
  const t = await createTestApp({
    rules: { inviterDailyLimit: 1000, inviterWeeklyLimit: 1000, inviterPendingLimit: 1000 },
  });
  const alice = await t.call('POST', '/v1/members', { email: 'alice@example.org', name: 'Alice' });
  return { ...t, inviterId: (await alice.json()).id };
}
