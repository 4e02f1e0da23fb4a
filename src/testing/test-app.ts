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
  /** What the app counts into (served by the metrics listener, never by the app itself). */
  metrics: Registry;
  /** A JSON API call with the operator's token. */
  call(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** A JSON API call with another bearer token (an app's, say). */
  callWith(token: string, method: string, path: string, body?: unknown): Promise<JsonResponse>;
}

/** The app's dependencies in tests: the operator's test token, the dev mailbox, no log. */
export function testAppDeps(core: CoreDeps, secret: string, metrics = new Registry()): AppDeps {
  return {
    core,
    adminTokenHash: hashToken(testAdminToken),
    secret,
    brand: 'Kindly',
    baseUrl: 'https://kindly.test',
    postalAddress: '1 Test Street, Testville',
    devMailbox: true,
    metrics,
    logger: silentLogger,
  };
}

export async function createTestApp(options: TestCoreOptions = {}): Promise<TestApp> {
  const test = await createTestCore(options);
  const metrics = new Registry();
  const app = createApp(testAppDeps(test.core, test.secret, metrics));
  async function callWith(token: string, method: string, path: string, body?: unknown) {
    const response = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response as unknown as JsonResponse;
  }
  return {
    ...test,
    app,
    metrics,
    call: (method, path, body) => callWith(testAdminToken, method, path, body),
    callWith,
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
