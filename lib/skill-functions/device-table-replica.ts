import { TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantDeviceItemAccess, type IDeviceTable } from './device-table-access';

/** Where a regional smart home function finds its region's replica of the global device table. */
export interface DeviceTableReplicaProps {
  /**
   * The global table's name (the same in every region), e.g. `GlobalDeviceTable.table.tableName`
   * of the home stack: a cross-region reference resolved at deploy time.
   */
  readonly tableName: string;
}

/**
 * The replica of the global device table in this stack's region, for the smart home function of a
 * regional stack: its ARN names this region only, so the function's role may read and write this
 * replica and no other. Nothing is created; GlobalDeviceTable in the home stack owns every replica.
 * The replica uses its region's AWS managed key, which needs no grant.
 */
export class DeviceTableReplica extends Construct implements IDeviceTable {
  readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: DeviceTableReplicaProps) {
    super(scope, id);
    // An ARN built in this stack: this region, this account, the shared name.
    this.table = TableV2.fromTableAttributes(this, 'Table', { tableName: props.tableName });
  }

  grantDeviceAccess(grantee: IGrantable): void {
    grantDeviceItemAccess(this.table, grantee);
  }
}
