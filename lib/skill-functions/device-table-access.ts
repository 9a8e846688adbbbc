import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';

/**
 * The device table as a smart home function sees it, whichever kind it is: the single-region
 * `DeviceTable`, the home region's replica of `GlobalDeviceTable`, or another region's replica
 * (`DeviceTableReplica`). The function reads and writes `table` only, in its own region.
 */
export interface IDeviceTable {
  /** The table in the function's region: its name goes to the function, its ARN to its role. */
  readonly table: ITable;
  /** Lets `grantee` read and write device items in `table`, and nothing else. */
  grantDeviceAccess(grantee: IGrantable): void;
}

/** The item actions the smart home function takes: reads, writes and queries, no scans or deletes. */
export const DEVICE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** Grants DEVICE_ITEM_ACTIONS on `table` alone (its ARN, in its region), and its key if it has one. */
export function grantDeviceItemAccess(table: ITable, grantee: IGrantable): void {
  table.grant(grantee, ...DEVICE_ITEM_ACTIONS);
  table.encryptionKey?.grantEncryptDecrypt(grantee);
}
