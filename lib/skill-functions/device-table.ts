import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
  type CfnTable,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The table's key attributes, as the smart home function reads and writes them. */
export const DEVICE_TABLE_PARTITION_KEY = 'userId';
/** The sort key: one item per endpoint, plus the user's grant and bookkeeping items. */
export const DEVICE_TABLE_SORT_KEY = 'itemId';

/** Props of DeviceTable. */
export interface DeviceTableProps {
  /**
   * A customer managed KMS key for the table.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
   * @default - the AWS managed key for DynamoDB (`alias/aws/dynamodb`)
   */
  readonly encryptionKey?: IKey;

  /**
   * What happens to the table when it leaves the stack. It holds user data: each user's devices
   * and the Amazon tokens from AcceptGrant.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether DynamoDB refuses to delete the table until this is turned off.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * A fixed CloudFormation logical ID for the table, so moving the construct never replaces it.
   * @default - derived from the construct path
   */
  readonly logicalId?: string;

  /**
   * Whether the table has a stream of new and old images, which the change reporter reads
   * (turning it on later is an in-place update: the table and its data stay).
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
   * @default false
   */
  readonly stream?: boolean;
}

/**
 * The smart home skill's device table, with these defaults baked in:
 * - one partition per linked user (`userId`, the stable user ID from the verified token) and one
 *   item per endpoint or grant (`itemId`);
 * - on-demand capacity, point-in-time recovery, encryption at rest with a KMS key (the AWS
 *   managed one unless a key is given);
 * - retained and deletion-protected like the user pool: devices and Amazon tokens are user data.
 */
export class DeviceTable extends Construct {
  /** The DynamoDB table. */
  readonly table: Table;

  constructor(scope: Construct, id: string, props: DeviceTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: DEVICE_TABLE_PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: DEVICE_TABLE_SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryptionKey
        ? TableEncryption.CUSTOMER_MANAGED
        : TableEncryption.AWS_MANAGED,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      deletionProtection: props.deletionProtection ?? true,
      ...(props.stream ? { stream: StreamViewType.NEW_AND_OLD_IMAGES } : {}),
    });
    if (props.logicalId !== undefined) {
      (this.table.node.defaultChild as CfnTable).overrideLogicalId(props.logicalId);
    }
  }

  /** Exactly what the smart home function does with the table: item reads, writes and queries. */
  grantDeviceAccess(grantee: IGrantable): void {
    this.table.grant(
      grantee,
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem'
    );
    this.table.encryptionKey?.grantEncryptDecrypt(grantee);
  }
}
