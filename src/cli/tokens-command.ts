/**
 * `kindly tokens create <name> [--role app|operator]`, `kindly tokens list [--json]`, `kindly tokens
 * revoke <id>`: the API's named tokens, straight against the configured database, so an operator can
 * make the first app token (or revoke a leaked one) without an HTTP call.
 */
import { type Command, Option } from 'commander';
import { type ApiTokenDeps, createApiToken, listApiTokens, revokeApiToken } from '../core/api-tokens.js';
import { isKindlyError } from '../core/errors.js';
import { type ApiToken, type ApiTokenRole, apiTokenRoles } from '../core/model.js';
import type { Clock, Ids, Store } from '../core/ports.js';
import { randomIds } from '../runtime/random-ids.js';
import { systemClock } from '../runtime/system-clock.js';

/** Where the command writes; the defaults are the process's own streams and exit code. */
export interface TokensIo {
  out(line: string): void;
  err(line: string): void;
  setExitCode(code: number): void;
}

export interface TokensCommandDeps {
  /** Opens (and migrates) the configured database; the command closes it when done. */
  openStore: () => Promise<Store>;
  io?: TokensIo;
  clock?: Clock;
  ids?: Ids;
}

const processIo: TokensIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Whoever runs the CLI holds the database, so they act as the operator. */
const actor = 'operator';

/** `id role createdAt revokedAt lastUsedAt name`, `-` for what is unset; the name last, since it may hold spaces. */
export function tokenLine(token: ApiToken): string {
  const fields = [token.id, token.role, token.createdAt, token.revokedAt, token.lastUsedAt];
  return [...fields.map((v) => v ?? '-'), token.name].join(' ');
}

export function registerTokensCommand(program: Command, deps: TokensCommandDeps): Command {
  const io = deps.io ?? processIo;
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;

  async function withStore(command: string, work: (core: ApiTokenDeps) => Promise<void>): Promise<void> {
    const store = await deps.openStore();
    try {
      await work({ store, clock, ids });
    } catch (error) {
      if (!isKindlyError(error)) throw error;
      io.err(`kindly tokens ${command}: ${error.detail}`);
      io.setExitCode(1);
    } finally {
      await store.close();
    }
  }

  const tokens = program
    .command('tokens')
    .description('named API tokens: one per embedding app (role app) or for another operator');
  tokens
    .command('create')
    .description('create a token and print it once; only its hash is kept')
    .argument('<name>', '1–64 printable characters, e.g. the app it is for')
    .addOption(
      new Option('--role <role>', 'app: members and invitations; operator: everything')
        .choices(apiTokenRoles)
        .default('app'),
    )
    .action((name: string, options: { role: ApiTokenRole }) =>
      withStore('create', async (core) => {
        const { record, token } = await createApiToken(core, { name, role: options.role }, actor);
        // The token alone on stdout, so `TOKEN=$(kindly tokens create …)` keeps just it.
        io.err(
          `kindly: created ${record.role} token ${record.id} (${record.name}); shown once, only its hash is kept:`,
        );
        io.out(token);
      }),
    );
  tokens
    .command('list')
    .description('list every token, revoked ones too: id role created revoked last-used name')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) =>
      withStore('list', async (core) => {
        for (const token of await listApiTokens(core)) {
          const { hash: _hash, ...shown } = token;
          io.out(options.json ? JSON.stringify(shown) : tokenLine(token));
        }
      }),
    );
  tokens
    .command('revoke')
    .description('revoke a token at once; revoking it again changes nothing')
    .argument('<id>', 'the token id, as `kindly tokens list` shows it')
    .action((id: string) =>
      withStore('revoke', async (core) => {
        const token = await revokeApiToken(core, id, actor);
        io.err(`kindly: token ${token.id} (${token.name}) is revoked since ${token.revokedAt}`);
      }),
    );
  return tokens;
}
