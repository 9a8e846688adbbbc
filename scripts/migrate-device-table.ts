/** Entry of the device table migration; see migrate-device-table/command.ts. */
import './quiet-sdk-notice';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UsageError, helpText, parseCommandLine } from './cli';
import { MIGRATE_DEVICE_TABLE_SPEC, migrateDeviceTable } from './migrate-device-table/command';

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv, MIGRATE_DEVICE_TABLE_SPEC);
  if (parsed.help) {
    console.log(helpText(MIGRATE_DEVICE_TABLE_SPEC));
    return 0;
  }
  const { table, region, 'dry-run': dryRun } = parsed.values;
  if (typeof table !== 'string' || table === '') {
    throw new UsageError(
      `--table is required: the device table's name (the SmartHomeDeviceTableName output); received ${table === undefined ? 'nothing' : `"${String(table)}"`}. Run with --help to see the options.`
    );
  }
  const client = new DynamoDBClient(typeof region === 'string' ? { region } : {});
  const report = await migrateDeviceTable({ client, tableName: table, dryRun: dryRun === true });
  // Counts only: the items are user data.
  console.log(
    `${dryRun === true ? 'dry run: ' : ''}scanned ${report.scanned} items, ${dryRun === true ? 'would move' : 'moved'} ${report.moved} from the first layout` +
      (report.alreadyCurrent > 0
        ? ` (${report.alreadyCurrent} already written by the function kept)`
        : '')
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`migrate-device-table: ${(error as Error).message}`);
    process.exitCode = 1;
  }
);
