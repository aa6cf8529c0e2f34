// `beiguan`: the command line. Commands call services, never HTTP. Exit codes: 0 success,
// 1 the work failed, 2 bad usage or bad input.
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/index.js';
import { importCommand } from './import.command.js';
import { migrateCommand } from './migrate.command.js';
import { serveCommand } from './serve.command.js';

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
    .action(serveCommand);

  program
    .command('import')
    .description("import the old site's text exports (files or folders of .txt files)")
    .argument('<paths...>', 'files or folders')
    .addOption(dbOption())
    .addOption(new Option('--lang <lang>', 'language of the files (default: read from each file)').choices(['zh', 'en']))
    .action(importCommand);

  program.command('migrate').description('apply pending schema migrations').addOption(dbOption()).action(migrateCommand);
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
    if (e instanceof ConfigError) {
      process.stderr.write(`beiguan: ${e.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`beiguan: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}
