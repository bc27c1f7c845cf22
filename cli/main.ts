import { Command, Option } from 'commander';
import { ServiceClient } from './service/service-client.js';
import { tokenSource } from './service/token-source.js';
import type { CliContext } from './commands/cli-context.js';
import { itemsCommand } from './commands/items-command.js';
import { cancelCommand, jobsCommand, retryCommand, undoCommand, watchCommand } from './commands/job-commands.js';
import { submitCommand } from './commands/submit-command.js';
import { validateDesiredStateCommand, validateRulesCommand } from './commands/validate-commands.js';

const ITEM_STATUSES = ['queued', 'retrying', 'succeeded', 'failed', 'canceled'];

const program = new Command('bulk-assign')
  .description('Submit, follow and export bulk-assign jobs; check rules and desired state offline.')
  .addOption(new Option('--url <url>', 'where the service runs').env('BULK_ASSIGN_URL').default('http://127.0.0.1:7071'))
  .addOption(new Option('--token <token>', 'bearer token to send (AUTH_MODE=entra)').env('BULK_ASSIGN_TOKEN'))
  .addOption(new Option('--scope <scope>', 'get a token for this scope from your Azure sign-in, e.g. api://<app id>/.default').env('BULK_ASSIGN_SCOPE'))
  .showHelpAfterError()
  .configureHelp({ showGlobalOptions: true });

const interval = () => new Option('--interval <ms>', 'how often to read the job while waiting').default('1000');

/** Runs a command with the global options resolved, and turns any error into a message and an exit code. */
function run<A extends unknown[]>(action: (ctx: CliContext, ...args: A) => Promise<number>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const global = command.optsWithGlobals<{ url: string; token?: string; scope?: string }>();
    try {
      const client = new ServiceClient(global.url, tokenSource(global));
      process.exitCode = await action({ client, out: process.stdout, err: process.stderr }, ...(args.slice(0, -1) as A));
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  };
}

program
  .command('submit')
  .description('submit the items of a CSV or JSON file as one job')
  .argument('<file>', 'items CSV (see the README) or JSON: the body of POST /api/jobs, or an array of items')
  .option('--plan', 'dry run: show what each item would change, change nothing')
  .option('--wait', 'follow the job with a progress bar until it ends')
  .option('--skip-noop', 'leave out the items Graph already holds as asked')
  .option('--label <label>', 'label of the job (default: the CSV file name)')
  .addOption(new Option('--priority <lane>', 'lane of the job').choices(['interactive', 'bulk']))
  .option('--idempotency-key <key>', 'the same key makes a repeated submission return the same job (default: a fresh one)')
  .addOption(interval())
  .action(run(submitCommand));

program.command('watch').description('follow a job with a progress bar until it ends').argument('<jobId>').addOption(interval()).action(run(watchCommand));

program
  .command('items')
  .description("list a job's items, or export them as the items CSV")
  .argument('<jobId>')
  .addOption(new Option('--status <status>', 'only items of this status').choices(ITEM_STATUSES))
  .option('--csv', 'write the items CSV, which submit reads back')
  .option('--json', 'write the items as JSON')
  .option('-o, --output <file>', 'write to a file instead of standard output')
  .action(run(itemsCommand));

program.command('jobs').description('recent jobs, newest first').option('--limit <n>', 'how many', '20').action(run(jobsCommand));
program.command('cancel').description('cancel what a job has not applied yet').argument('<jobId>').action(run(cancelCommand));
program.command('retry').description("queue a job's failed items again").argument('<jobId>').option('--wait', 'follow the job until it ends').addOption(interval()).action(run(retryCommand));
program.command('undo').description('submit a job that puts back what a job changed').argument('<jobId>').option('--wait', 'follow the undo job until it ends').addOption(interval()).action(run(undoCommand));

program
  .command('validate-rules')
  .description('check an event rules file as the service does at start-up (offline)')
  .argument('<file>')
  .action(run(validateRulesCommand));

program
  .command('validate-desired-state')
  .description('check a folder of desired-state documents as a reconciliation run does (offline)')
  .argument('<dir>')
  .action(run(validateDesiredStateCommand));

await program.parseAsync();
