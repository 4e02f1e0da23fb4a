/**
 * The whole Hono app over a consent world's core (either database, a real SMTP peer behind its
 * worker), driven in-process, with a way to wait for the contact imports it started. (Test-only.)
 */
import type { ContactReader } from '../http/api/contact-import-routes.js';
import { createApp } from '../http/app.js';
import type { ConsentWorld } from './consent-world.js';
import { type JsonResponse, testAdminToken, testAppDeps } from './test-app.js';

export interface WorldApp {
  /** A JSON API call with the operator's token. */
  call(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** The same with another bearer token (an app's). */
  callAs(token: string, method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** A POST of raw bytes (a file), with the operator's token. */
  upload(path: string, bytes: string | Uint8Array, contentType?: string): Promise<JsonResponse>;
  /** Resolves once every contact import started so far has ended. */
  importsDone(): Promise<void>;
}

export function worldApp(world: ConsentWorld, options: { readContacts?: ContactReader } = {}): WorldApp {
  const jobs: Promise<unknown>[] = [];
  const app = createApp({
    ...testAppDeps(world.core, 'unused-in-these-tests-0123456789abcdef'),
    ...(options.readContacts ? { readContacts: options.readContacts } : {}),
    onContactImport: (done) => jobs.push(done),
  });
  const authorization = `Bearer ${testAdminToken}`;
  async function callAs(token: string, method: string, path: string, body?: unknown): Promise<JsonResponse> {
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
    call: (method, path, body) => callAs(testAdminToken, method, path, body),
    callAs,
    async upload(path, bytes, contentType = 'text/csv') {
      const response = await app.request(path, {
        method: 'POST',
        headers: { authorization, 'content-type': contentType },
        body: bytes,
      });
      return response as unknown as JsonResponse;
    },
    async importsDone() {
      await Promise.all(jobs.splice(0));
    },
  };
}
