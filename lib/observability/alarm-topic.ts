import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { assertIsAlarmEmail } from '../app-settings/observability-settings';

/** Props of AlarmTopic. */
export interface AlarmTopicProps {
  /**
   * An address to send every alarm to. SNS mails it a confirmation link first; nothing arrives
   * until someone clicks it.
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html
   * @default - no subscription: subscribe a chat channel, pager or address to the topic yourself
   */
  readonly alarmEmail?: string;
}

/**
 * The SNS topic the skill's alarms notify, with these defaults baked in:
 * - encrypted with a customer managed KMS key (rotated yearly) that CloudWatch alarms may use:
 *   alarms cannot publish to a topic encrypted with the AWS managed `alias/aws/sns` key;
 * - a topic policy that lets CloudWatch publish for this stack's alarms only (same account, alarm
 *   names starting with the stack's name) and refuses any request not made over TLS; the key
 *   policy lets CloudWatch use the key under the same conditions;
 * - the key is scheduled for deletion (7 days) when the stack goes: it protects nothing durable.
 */
export class AlarmTopic extends Construct {
  /** The topic every alarm notifies. */
  readonly topic: Topic;
  /** The customer managed key the topic is encrypted with. */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    if (props.alarmEmail !== undefined) assertIsAlarmEmail(props.alarmEmail);

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the Alexa skill alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Alexa skill alarms',
      masterKey: this.key,
      enforceSSL: true,
    });

    // CloudWatch publishes alarm notifications as itself, and encrypts them with the key. The
    // topic policy enforceSSL writes replaces SNS's default one, so without this statement no
    // alarm could ever publish. The conditions keep CloudWatch from publishing on behalf of any
    // other account (confused deputy) or any alarm but this stack's.
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const forThisStacksAlarms = thisStacksAlarmsCondition(Stack.of(this));
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisStacksAlarmsToPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: forThisStacksAlarms,
      })
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisStacksAlarmsToEncrypt',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: forThisStacksAlarms,
      })
    );
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
  }
}

/**
 * Requests CloudWatch makes for an alarm of `stack`: from the stack's account, for an alarm in its
 * region whose name starts with the stack's name. CloudFormation names an alarm without an
 * AlarmName `<stack name>-<logical ID>-<random suffix>`, so the full ARNs are unknown at synthesis
 * and ArnLike matches them by that prefix.
 */
function thisStacksAlarmsCondition(stack: Stack): Record<string, Record<string, string>> {
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: `${stack.stackName}-*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
}
