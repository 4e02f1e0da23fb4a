/**
 * Several Kindly processes on one database, as operators run them: N × `kindly serve --no-worker`
 * and M × `kindly worker`, sharing the secret, the operator token and the SMTP peer. Every worker
 * says EHLO with its own name (`worker-<i>`), so the peer can tell which one sent what.
 *
 * Each process is its own process group, killed as a group; a hook on the test process's exit
 * kills whatever an aborted test left running.
 */
import { randomBytes } from 'node:crypto';
import { freePort, type KindlyProcess, startKindlyProcess } from './kindly-process.js';

export interface ClusterOptions {
  databaseUrl: string;
  smtpUrl: string;
  apis: number;
  workers: number;
  /** Extra environment for every process (worker tuning, retry policy…). */
  env?: Record<string, string>;
}

export interface Cluster {
  apis: KindlyProcess[];
  /** The worker now running in each slot (a restart replaces it). */
  workers: KindlyProcess[];
  /** Every process ever started, for logs and clean-up. */
  all: KindlyProcess[];
  /** The API process for the n-th call: calls go round the API processes. */
  api(n: number): KindlyProcess;
  /** `kill -9` the worker in `slot`, wait for it to die, and start a new one in its place. */
  restartWorker(slot: number): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<KindlyProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const shared = {
    KINDLY_DATABASE_URL: options.databaseUrl,
    KINDLY_SECRET: randomBytes(32).toString('base64url'),
    KINDLY_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    KINDLY_FROM: 'invitations@kindly.test',
    ...options.env,
  };
  const ports = await Promise.all(Array.from({ length: options.apis }, () => freePort()));
  // Links in mail point at the first API process, wherever the message was sent from.
  const baseUrl = `http://127.0.0.1:${ports[0]}`;
  const start = async (env: Record<string, string>, args: string[]) => {
    const child = await startKindlyProcess({ ...shared, KINDLY_BASE_URL: baseUrl, ...env }, args, {
      detached: true,
    });
    live.add(child);
    cluster.all.push(child);
    return child;
  };
  const startWorker = (slot: number) =>
    start({ KINDLY_SMTP_URL: `${options.smtpUrl}/?name=worker-${slot}` }, ['worker']);

  const cluster: Cluster = {
    apis: [],
    workers: [],
    all: [],
    api: (n) => {
      const api = cluster.apis[n % cluster.apis.length];
      if (!api) throw new Error('no API process');
      return api;
    },
    async restartWorker(slot) {
      const old = cluster.workers[slot];
      if (old) {
        if (old.child.exitCode === null && old.child.signalCode === null) {
          const exited = new Promise((resolve) => old.child.once('exit', resolve));
          old.kill('SIGKILL');
          await exited;
        }
        await old.stop();
        live.delete(old);
      }
      cluster.workers[slot] = await startWorker(slot);
    },
    async stop() {
      await Promise.all(
        cluster.all.map(async (child) => {
          await child.stop();
          live.delete(child);
        }),
      );
    },
  };
  try {
    // The first process migrates alone, so the others start on a current schema.
    cluster.apis.push(await start({ PORT: String(ports[0]) }, ['serve', '--no-worker']));
    const rest = await Promise.all([
      ...ports.slice(1).map((port) => start({ PORT: String(port) }, ['serve', '--no-worker'])),
      ...Array.from({ length: options.workers }, (_, slot) => startWorker(slot)),
    ]);
    cluster.apis.push(...rest.slice(0, options.apis - 1));
    cluster.workers.push(...rest.slice(options.apis - 1));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
