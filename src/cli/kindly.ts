#!/usr/bin/env node
/** The `kindly` command for operators. */
import { Command } from 'commander';
import { ConfigError, type GeneratedSecrets, loadConfig } from '../config.js';
import { createSuppressionKeyer } from '../core/suppression-key.js';
import { startKindly } from '../main.js';
import { createLogger } from '../runtime/logger.js';
import { randomIds } from '../runtime/random-ids.js';
import { systemClock } from '../runtime/system-clock.js';
import { openStore } from '../store/open-store.js';
import { registerBouncesCommand } from './bounces-command.js';
import { registerDkimCommand } from './dkim-command.js';
import { registerDnsCommand } from './dns-command.js';
import { registerInspectCommand } from './inspect-command.js';
import { registerSuppressionsCommand } from './suppressions-command.js';
import { registerTokensCommand } from './tokens-command.js';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kindly: configuration error: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/** Any command that loads the configuration may be the first, and so the one that must show this. */
function tellGeneratedAdminToken(generated: GeneratedSecrets): void {
  if (generated.adminToken) {
    process.stderr.write(
      `\nkindly: generated the operator's API token (shown once, only its hash is kept):\n\n    ${generated.adminToken}\n\nSet KINDLY_ADMIN_TOKEN to choose your own.\n\n`,
    );
  }
}

async function run(mode: { http: boolean; worker: boolean; inbound?: boolean }): Promise<void> {
  const { config, generated } = configOrExit();
  const logger = createLogger(config.logLevel);
  tellGeneratedAdminToken(generated);
  if (generated.secretFile)
    logger.info({ file: generated.secretFile }, 'generated KINDLY_SECRET into the data folder');
  const kindly = await startKindly(config, { ...mode, logger });
  logger.info(
    {
      port: kindly.port,
      inboundPort: kindly.inboundPort,
      metricsPort: kindly.metricsPort,
      baseUrl: config.baseUrl,
      database: config.databaseUrl.split(':')[0],
      mail: config.smtpUrl ? 'smtp' : 'dev mailbox',
      http: mode.http,
      worker: mode.worker,
    },
    'kindly started',
  );
  if (mode.http && !config.smtpUrl) {
    logger.info({ url: `${config.baseUrl}/dev/mailbox` }, 'no KINDLY_SMTP_URL: mail goes to the dev mailbox');
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    kindly.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

// `kindly suppressions export | head` closes the pipe early: that is the reader being done, not a
// failure, so it ends the command quietly instead of with a stack trace and exit code 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('kindly').description('Kindly: invitations that take no for an answer.');

program
  .command('serve')
  .description('run the API, the recipient pages and the outbox worker')
  .option('--no-worker', 'do not send mail from this process (run `kindly worker` apart)')
  .option('--no-inbound', 'do not run the inbound SMTP listener (run `kindly inbound` apart)')
  .action((options: { worker: boolean; inbound: boolean }) =>
    run({ http: true, worker: options.worker, inbound: options.inbound }),
  );

program
  .command('inbound')
  .description('run only the inbound SMTP listener: bounces, complaints and mailto unsubscribes')
  .action(() => run({ http: false, worker: false, inbound: true }));

program
  .command('worker')
  .description('run only the outbox worker')
  .action(() => run({ http: false, worker: true }));

program
  .command('migrate')
  .description('bring the database schema up to date and exit')
  .action(async () => {
    const { config } = configOrExit();
    const { store } = await openStore(config.databaseUrl, { migrate: true });
    await store.close();
    process.stdout.write('kindly: migrations are current\n');
  });

registerBouncesCommand(program);
registerDkimCommand(program);
registerDnsCommand(program);
registerInspectCommand(program);
registerTokensCommand(program, {
  openStore: async () => {
    const { config, generated } = configOrExit();
    tellGeneratedAdminToken(generated);
    return (await openStore(config.databaseUrl, { migrate: true })).store;
  },
});
registerSuppressionsCommand(program, {
  openCore: async () => {
    const { config, generated } = configOrExit();
    tellGeneratedAdminToken(generated);
    const { store } = await openStore(config.databaseUrl, { migrate: true });
    // The configured secret, so the keys match the ones the service computes.
    const keyOf = createSuppressionKeyer(config.secret);
    return { store, clock: systemClock, ids: randomIds, keyOf, rules: config.rules, brand: config.brand };
  },
});

await program.parseAsync(process.argv);
