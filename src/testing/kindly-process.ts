/**
 * Starts Kindly as operators do, `kindly serve`, in a child process with its own SQLite file (or
 * database URL) and a free port, and reads its JSON log to know when it is up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response JSON loosely
  body: any;
  headers: Headers;
}

export interface KindlyProcess {
  baseUrl: string;
  adminToken: string;
  dataDir: string;
  child: ChildProcess;
  logs: string[];
  /** Sends a signal to the process (its whole group when started detached). */
  kill(signal: NodeJS.Signals): void;
  /** Calls the JSON API with the operator's token. */
  api(method: string, pathname: string, body?: unknown): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * `env` overrides the defaults: a cluster passes one PORT per process and the same KINDLY_SECRET
 * and KINDLY_ADMIN_TOKEN to all. `detached` puts the child in its own process group, so `kill`
 * reaches everything it started.
 */
export async function startKindlyProcess(
  env: Record<string, string>,
  args: string[] = ['serve'],
  options: { detached?: boolean } = {},
): Promise<KindlyProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-e2e-'));
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminToken = env.KINDLY_ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'src/cli/kindly.ts'), ...args],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        KINDLY_BASE_URL: baseUrl,
        KINDLY_DATA_DIR: dataDir,
        KINDLY_ADMIN_TOKEN: adminToken,
        KINDLY_SECRET: randomBytes(32).toString('base64url'),
        KINDLY_WORKER_POLL_MS: '100',
        KINDLY_POSTAL_ADDRESS: 'Kindly Test, 1 Test Street, Testville',
        // Any free port, so parallel test processes never contend for the default 2525.
        KINDLY_INBOUND_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    },
  );
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (options.detached && child.pid) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  const logs: string[] = [];
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kindly did not start:\n${logs.join('\n')}`)), 60_000);
    const onLine = (line: string) => {
      logs.push(line);
      if (line.includes('"kindly started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kindly exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  await started.catch((error: unknown) => {
    // A start that timed out must not leave its process behind.
    kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });

  return {
    baseUrl,
    adminToken,
    dataDir,
    child,
    logs,
    async api(method, pathname, body) {
      const response = await fetch(`${baseUrl}${pathname}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
    kill,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null && child.signalCode === null) kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
