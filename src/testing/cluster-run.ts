/**
 * The set-up every cluster test shares: a scripted SMTP peer, a cluster of Kindly processes on one
 * Postgres database, and a direct view of its outbox, started before the suite and torn down after
 * it (processes, peer and database) even when a test fails.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Cluster, startCluster } from './cluster.js';
import { openOutbox } from './cluster-load.js';
import type { TestPostgresDatabase } from './postgres-database.js';
import { type ScriptedSmtpPeer, startScriptedSmtpPeer } from './scripted-smtp-peer.js';

export interface ClusterRun {
  peer: ScriptedSmtpPeer;
  cluster: Cluster;
  outbox: Awaited<ReturnType<typeof openOutbox>>;
}

export interface ClusterRunOptions {
  apis: number;
  workers: number;
  env: Record<string, string>;
  script?: ScriptedSmtpPeer['script'];
}

/** Registers the suite's hooks; the function it returns gives the running parts inside a test. */
export function useClusterRun(
  database: TestPostgresDatabase | null,
  options: ClusterRunOptions,
): () => ClusterRun {
  let peer: ScriptedSmtpPeer | undefined;
  let cluster: Cluster | undefined;
  let outbox: ClusterRun['outbox'] | undefined;

  beforeAll(async () => {
    if (!database) return;
    peer = await startScriptedSmtpPeer();
    if (options.script) peer.script = options.script;
    cluster = await startCluster({
      databaseUrl: database.url,
      smtpUrl: peer.url,
      apis: options.apis,
      workers: options.workers,
      env: options.env,
    });
    outbox = await openOutbox(database.url);
  }, 120_000);

  afterAll(async () => {
    // Every process logs a transaction the database ended as a conflict and the store ran again.
    const reruns = (cluster?.all ?? []).flatMap((child) =>
      child.logs.filter((line) => line.includes('transaction run again after a conflict')),
    );
    if (cluster) console.log(`[cluster] transactions run again after a conflict: ${reruns.length}`);
    await outbox?.close();
    await cluster?.stop();
    await peer?.close();
    await database?.drop();
  }, 60_000);

  return () => {
    if (!peer || !cluster || !outbox) throw new Error('the cluster did not start');
    return { peer, cluster, outbox };
  };
}
