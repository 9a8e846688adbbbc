import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
  type CfnGlobalTable,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DEVICE_TABLE_PARTITION_KEY, DEVICE_TABLE_SORT_KEY } from './device-table';
import { grantDeviceItemAccess, type IDeviceTable } from './device-table-access';

/** The regions of the global device table's replicas, and the protections of every replica. */
export interface GlobalDeviceTableProps {
  /**
   * The regions with a replica besides the stack's own (which holds the first one): one per
   * region with a smart home function, so each function reads and writes next to it.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html
   */
  readonly replicaRegions: readonly string[];

  /**
   * A customer managed KMS key, for a table without replicas only: a key lives in one region,
   * and each replica would need its own.
   * @default - the AWS managed key for DynamoDB (`alias/aws/dynamodb`) of each replica's region
   */
  readonly encryptionKey?: IKey;

  /**
   * What happens to the table (every replica) when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether DynamoDB refuses to delete a replica until this is turned off; set on every replica.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-bestpractices.html
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * A fixed CloudFormation logical ID for the table, so moving the construct never replaces it.
   * @default - derived from the construct path
   */
  readonly logicalId?: string;
}

/**
 * The smart home device table as a DynamoDB global table (`AWS::DynamoDB::GlobalTable`, version
 * 2019.11.21), for a skill with smart home functions in several Alexa regions: DynamoDB itself
 * copies each write to every replica, so a user sees one device state whichever region Alexa
 * calls. The same keys as DeviceTable, and on every replica: on-demand capacity, point-in-time
 * recovery, deletion protection, encryption with the region's AWS managed key. The whole table
 * is retained when it leaves the stack. The stream (new and old images) is the one global tables
 * replicate with; a reporter may read the home region's.
 *
 * All replicas are defined here, in one stack, as AWS advises: replicas in several stacks drift.
 */
export class GlobalDeviceTable extends Construct implements IDeviceTable {
  /** The global table; as an ITable it is the replica in the stack's region. */
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: GlobalDeviceTableProps) {
    super(scope, id);
    if (props.encryptionKey && props.replicaRegions.length > 0) {
      throw new Error(
        `GlobalDeviceTable: encryptionKey is a customer managed key of one region, and replicaRegions (${props.replicaRegions.join(', ')}) would each need a key of their own. Leave encryptionKey unset for the AWS managed key of each region.`
      );
    }
    const deletionProtection = props.deletionProtection ?? true;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: DEVICE_TABLE_PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: DEVICE_TABLE_SORT_KEY, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection,
      encryption: props.encryptionKey
        ? TableEncryptionV2.customerManagedKey(props.encryptionKey)
        : TableEncryptionV2.awsManagedKey(),
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // Stated per replica too, so the template shows each replica's protection.
      replicas: props.replicaRegions.map((region) => ({
        region,
        deletionProtection,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      })),
    });
    if (props.logicalId !== undefined) {
      (this.table.node.defaultChild as CfnGlobalTable).overrideLogicalId(props.logicalId);
    }
  }

  /** Item reads, writes and queries on the stack region's replica only. */
  grantDeviceAccess(grantee: IGrantable): void {
    grantDeviceItemAccess(this.table, grantee);
  }
}
