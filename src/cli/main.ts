// `beiguan`: the command line. Commands call services, never HTTP. Exit codes: 0 success,
// 1 the work failed, 2 bad usage or bad input.
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/index.js';
import { isAppError, type AppError } from '../shared/errors.js';
import { LANGS } from '../shared/lang.js';

const fieldOf = (e: AppError) => {
  const field = (e.extra.details as { field?: string } | undefined)?.field;
  return field ? ` (${field})` : '';
};
import { auditPruneCommand, auditVerifyCommand } from './audit.command.js';
import { doctorCommand } from './doctor.command.js';
import { backupCommand, restoreCommand } from './backup.command.js';
import { exportCommand, keygenCommand, verifyCommand } from './export.command.js';
import { importCommand } from './import.command.js';
import { migrateCommand, migrateStatusCommand } from './migrate.command.js';
import { searchReindexCommand } from './search.command.js';
import { serveCommand } from './serve.command.js';
import { tokenCommands, userCommands } from './user.command.js';

export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export function buildCli(): Command {
  const program = new Command('beiguan')
    .description('Beiguan: the BJAST website and its editorial system')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run "beiguan --help" for usage)');
  const dbOption = () => new Option('--db <store>', 'store: a file path, sqlite:PATH or postgres://… (env BEIGUAN_DB; default ./data/beiguan.sqlite)');

  program
    .command('serve')
    .description('serve the public site (applies migrations; loads the demo into an empty store)')
    .addOption(dbOption())
    .option('--port <port>', 'port to listen on (env PORT; default 3000)')
    .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)')
    .option('--base-url <url>', 'public address used in canonical links and the API (env BEIGUAN_BASE_URL)')
    .option('--no-demo', 'do not load the demo content into an empty store')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL)')
    .option('--media-dir <dir>', 'where uploaded media files are kept (env BEIGUAN_MEDIA_DIR; default ./data/media)')
    .action(serveCommand);

  program
    .command('import')
    .description("import the old site's text exports (files or folders of .txt files), or the files a map of old addresses names")
    .argument('[paths...]', 'files or folders')
    .option('--legacy-map <file>', 'a CSV of old addresses and their files (header legacy_url,file; files relative to the CSV); each address redirects to its new page')
    .addOption(dbOption())
    .addOption(new Option('--lang <lang>', 'language of the files (default: read from each file)').choices([...LANGS]))
    .action(importCommand);

  program
    .command('export')
    .description('write the public site as static files, with a signed manifest (incremental, atomic)')
    .requiredOption('--out <dir>', 'the folder web servers serve (kept as a link to the newest complete export)')
    .option('--base-url <url>', 'public address the pages name in their links (env BEIGUAN_BASE_URL)')
    .option('--key <file>', 'Ed25519 private key that signs the manifest (env BEIGUAN_SIGNING_KEY)')
    .option('--full', 'render every file again, even those the previous export still has right')
    .addOption(dbOption())
    .option('--media-dir <dir>', 'where the media library keeps its files (env BEIGUAN_MEDIA_DIR)')
    .action(exportCommand);

  program
    .command('verify')
    .description('check an exported folder against its signed manifest; exits 1 when a file was modified, added or removed')
    .argument('<dir>', 'the exported folder')
    .option('--public-key <file>', 'Ed25519 public key of the exporter (env BEIGUAN_VERIFY_KEY)')
    .option('--restore', 'put the exported bytes back from the store and remove added files')
    .addOption(dbOption())
    .option('--media-dir <dir>', 'where the media library keeps its files (env BEIGUAN_MEDIA_DIR)')
    .action(verifyCommand);

  program.command('keygen').description('make an Ed25519 key pair for signing exports: FILE and FILE.pub').argument('<file>').action(keygenCommand);

  const migrate = program.command('migrate').description('apply pending schema migrations (as `migrate up`)').addOption(dbOption()).action(migrateCommand);
  // `--db` may come before or after the action: it is read from both levels.
  migrate.command('up').description('apply pending schema migrations').addOption(dbOption()).action((_o, cmd: Command) => migrateCommand(cmd.optsWithGlobals()));
  migrate
    .command('status')
    .description('list applied and pending migrations; exit 1 unless the store is current')
    .addOption(dbOption())
    .action((_o, cmd: Command) => migrateStatusCommand(cmd.optsWithGlobals()));

  program
    .command('backup')
    .description('copy the whole store to FILE while the servers keep running (media files are copied apart)')
    .argument('<file>', 'the backup file (written whole or not at all)')
    .addOption(dbOption())
    .action(backupCommand);
  program
    .command('restore')
    .description('replace the store with a backup made by `beiguan backup` (stop the servers first)')
    .argument('<file>', 'the backup file')
    .option('--force', 'replace a store that has content')
    .addOption(dbOption())
    .action(restoreCommand);

  program
    .command('search')
    .description('the search index')
    .command('reindex')
    .description('build the search index anew from the published content')
    .addOption(dbOption())
    .action(searchReindexCommand);

  const user = program.command('user').description('manage accounts (passwords are read from standard input)');
  user
    .command('add')
    .argument('<name>')
    .addOption(new Option('--role <role>', 'the account\'s role').choices(['contributor', 'editor', 'publisher', 'administrator']).makeOptionMandatory())
    .option('--email <address>')
    .option('--display-name <name>')
    .addOption(new Option('--locale <lang>', 'language of the admin screens').choices([...LANGS]))
    .addOption(dbOption())
    .action(userCommands.add);
  user.command('list').addOption(dbOption()).action(userCommands.list);
  user.command('disable').argument('<name>').description('disable an account and end its sessions').addOption(dbOption()).action(userCommands.disable);
  user.command('enable').argument('<name>').addOption(dbOption()).action(userCommands.enable);
  user.command('reset-password').argument('<name>').addOption(dbOption()).action(userCommands.resetPassword);
  user.command('totp').argument('<name>').description('turn on the second factor; prints the otpauth:// URI').addOption(dbOption()).action(userCommands.totp);

  const token = program.command('token').description('API tokens for scripts (Authorization: Bearer …)');
  token.command('create').requiredOption('--user <name>').option('--label <text>', 'what the token is for').addOption(dbOption()).action(tokenCommands.create);
  token.command('list').addOption(dbOption()).action(tokenCommands.list);
  token.command('revoke').argument('<id>').addOption(dbOption()).action(tokenCommands.revoke);

  program
    .command('doctor')
    .description('check the settings, the store and its migrations, the media directory, disk space and Node; exits 1 when a check fails')
    .addOption(dbOption())
    .option('--media-dir <dir>', 'where uploaded media files are kept (env BEIGUAN_MEDIA_DIR)')
    .option('--base-url <url>', 'public address of the site (env BEIGUAN_BASE_URL)')
    .action(doctorCommand);

  const audit = program.command('audit').description('the audit log: a hash chain, kept at least six months');
  audit
    .command('verify')
    .description('check the chain; exits 1 naming the first record changed, deleted or inserted')
    .option('--since <hash>', 'a head hash printed or logged earlier, which must still be in the chain (records after it were not removed)')
    .addOption(dbOption())
    .action(auditVerifyCommand);
  audit
    .command('prune')
    .description('remove records older than the days kept (env BEIGUAN_AUDIT_KEEP_DAYS; default 365, at least 183)')
    .option('--keep-days <days>', 'days to keep (at least 183)')
    .addOption(dbOption())
    .action(auditPruneCommand);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    const program = buildCli();
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isAppError(e) && (e.kind === 'invalid' || e.kind === 'not_found')) {
      process.stderr.write(`beiguan: ${e.message}${fieldOf(e)}\n`);
      return EXIT.badInput;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`beiguan: ${e.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`beiguan: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}
