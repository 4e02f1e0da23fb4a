/**
 * An unreachable database answers 503 problem+json, never 500: the errors here are the ones `pg`
 * really raises while a server is down, stopping or starting (several produced for real against
 * sockets that refuse, drop or never answer), plus SQLite's lock timeout.
 */
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { isUnavailable } from './error-handler.js';

/** The error `pg` gives when connecting to `port` (a closed port, or one of the servers below). */
async function connectError(port: number, host = '127.0.0.1'): Promise<Error> {
  const client = new pg.Client({ host, port, user: 'x', database: 'x', connectionTimeoutMillis: 300 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error('connected?');
}

function listen(onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onConnection);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe('database unavailable', () => {
  let dropping: Server;
  let silent: Server;
  let closedPort: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    dropping = await listen((socket) => socket.destroy());
    silent = await listen((socket) => sockets.push(socket));
    const closed = await listen(() => {});
    closedPort = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => dropping.close(resolve));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('recognises what pg raises for a refused, dropped or silent server', async () => {
    const refused = await connectError(closedPort);
    expect(refused.message).toMatch(/ECONNREFUSED/);
    expect(isUnavailable(refused)).toBe(true);
    // "localhost" may try ::1 and 127.0.0.1: Node reports an AggregateError.
    expect(isUnavailable(await connectError(closedPort, 'localhost'))).toBe(true);
    const dropped = await connectError(portOf(dropping));
    expect(dropped.message).toMatch(/Connection terminated/);
    expect(isUnavailable(dropped)).toBe(true);
    const timedOut = await connectError(portOf(silent));
    expect(timedOut.message).toMatch(/timeout/);
    expect(isUnavailable(timedOut)).toBe(true);
    // Through a pool, as the store connects, the same timeout is reworded.
    const pool = new pg.Pool({ host: '127.0.0.1', port: portOf(silent), connectionTimeoutMillis: 300 });
    const pooled = await pool.query('select 1').catch((error: Error) => error);
    await pool.end();
    expect((pooled as Error).message).toMatch(/Connection terminated due to connection timeout/);
    expect(isUnavailable(pooled)).toBe(true);
  });

  it('recognises the server’s own shutdown and start-up errors and pg’s pool errors', () => {
    const database = (code: string, message: string) =>
      Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
    expect(isUnavailable(database('57P01', 'terminating connection due to administrator command'))).toBe(
      true,
    );
    expect(isUnavailable(database('57P03', 'the database system is starting up'))).toBe(true);
    expect(isUnavailable(database('57P03', 'the database system is shutting down'))).toBe(true);
    expect(isUnavailable(database('08006', 'connection failure'))).toBe(true);
    expect(isUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      true,
    );
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isUnavailable(new Error('wrapped', { cause: database('57P01', 'bye') }))).toBe(true);
    // Bugs and bad queries are not outages.
    expect(isUnavailable(database('42P01', 'relation "nope" does not exist'))).toBe(false);
    expect(isUnavailable(database('23505', 'duplicate key'))).toBe(false);
    expect(isUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });

  describe('through the API', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.cleanup());

    it('answers 503 problem+json with Retry-After for an outage, 500 for a bug', async () => {
      const refused = await connectError(closedPort);
      t.core.store.getMember = () => Promise.reject(refused);
      const outage = await t.call('GET', '/v1/members/mem_x');
      expect(outage.status).toBe(503);
      expect(outage.headers.get('content-type')).toBe('application/problem+json');
      expect(outage.headers.get('retry-after')).toBe('5');
      expect(await outage.json()).toMatchObject({ status: 503, code: 'unavailable' });

      t.core.store.getMember = () => Promise.reject(new TypeError('a bug'));
      const bug = await t.call('GET', '/v1/members/mem_x');
      expect(bug.status).toBe(500);
      expect((await bug.json()).code).toBe('internal_error');
    });
  });
});
