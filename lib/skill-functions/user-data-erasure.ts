import { Stack, Token } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { USER_DATA_TABLE_ENV } from '../../lambda/core/user-data-table';

/**
 * Lets a skill function erase a user's items from `table` when they disable the skill (the
 * SkillDisabled event with NOT_PERSISTED): it sets the environment the eraser reads and grants
 * exactly `dynamodb:Query` and `dynamodb:BatchWriteItem` on that table, nothing else. The table's
 * partition key must be `userId`, holding the Alexa user ID skill events carry; pass its sort key
 * if it has one. A function in another region than the table is pointed at the table's region.
 */
export function allowUserDataErasure(fn: LambdaFunction, table: ITable, sortKey?: string): void {
  fn.addEnvironment(USER_DATA_TABLE_ENV.tableName, table.tableName);
  if (sortKey !== undefined) fn.addEnvironment(USER_DATA_TABLE_ENV.sortKey, sortKey);
  const tableRegion = Stack.of(table).region;
  if (!Token.isUnresolved(tableRegion) && tableRegion !== Stack.of(fn).region) {
    fn.addEnvironment(USER_DATA_TABLE_ENV.region, tableRegion);
  }
  grantUserDataErasure(fn, table);
}

/**
 * Exactly what erasing a user's items takes, on `table` only: `dynamodb:Query` (the user's keys)
 * and `dynamodb:BatchWriteItem` (their deletes, 25 at a time). For a function that already knows
 * its table (the smart home function erases from its device table, keyed by the linking server's
 * user ID).
 */
export function grantUserDataErasure(grantee: IGrantable, table: ITable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query', 'dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
    })
  );
}
