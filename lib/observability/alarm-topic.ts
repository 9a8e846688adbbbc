import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { assertIsAlarmEmail } from '../app-settings/observability-settings';

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
 * - a topic policy that refuses any request not made over TLS;
 * - the key is scheduled for deletion (7 days) when the stack goes: it protects nothing durable.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
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
    // CloudWatch publishes alarm notifications as itself, so it needs the key to encrypt them.
    this.key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*'
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Alexa skill alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
  }
}
