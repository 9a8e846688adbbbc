import { CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Function as LambdaFunction,
  Runtime,
  type CfnFunction,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { AlexaAccountLinking } from '../identity/alexa-account-linking';
import { BUNDLE_HANDLER } from '../skill-functions/bundle-recipe';
import { bundledCode } from '../skill-functions/bundled-code';

/** Props of SkillAccountLinkingSettings. */
export interface SkillAccountLinkingSettingsProps {
  /** The skill whose account-linking settings are written. */
  readonly skillId: string;
  /** Where the settings come from. */
  readonly accountLinking: AlexaAccountLinking;
  /**
   * A Secrets Manager secret holding Login with Amazon credentials for the Skill Management API,
   * as JSON `{"clientId": "...", "clientSecret": "...", "refreshToken": "..."}`
   * (from `ask util generate-lwa-tokens`).
   * @see https://developer.amazon.com/docs/smapi/get-access-token-smapi.html
   */
  readonly smapiCredentialsSecret: ISecret;
  /**
   * The skill stage to configure.
   * @default 'development'
   */
  readonly stage?: 'development' | 'live';
}

/**
 * Writes the skill's account-linking settings at deploy time (automatic mode), so nobody copies
 * values between consoles. A custom resource (CDK Provider framework) reads the app client's
 * secret with DescribeUserPoolClient, gets a Skill Management API token with the refresh token,
 * and sends the AUTH_CODE settings with HTTP Basic. It runs again when any setting changes, and
 * leaves the skill alone when it is deleted.
 *
 * Nothing secret is in its properties, its response (NoEcho, no data) or its logs; its role may
 * read only this pool's client and this one secret.
 */
export class SkillAccountLinkingSettings extends Construct {
  readonly handler: LambdaFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SkillAccountLinkingSettingsProps) {
    super(scope, id);
    const { accountLinking } = props;

    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Writes Alexa account-linking settings: reads one app client and one secret',
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['cognito-idp:DescribeUserPoolClient'],
        resources: [accountLinking.userPool.userPoolArn],
      })
    );
    // GetSecretValue only (grantRead would add DescribeSecret). A secret encrypted with a
    // customer managed key also needs kms:Decrypt, which is left to the key's policy.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.smapiCredentialsSecret.secretArn],
      })
    );

    this.handler = new LambdaFunction(this, 'Handler', {
      code: bundledCode('link-settings'),
      handler: BUNDLE_HANDLER,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.minutes(1),
      memorySize: 256,
      role,
      logGroup,
      description: 'Writes the Alexa skill account-linking settings (custom resource)',
      // Source map in the asset, not loaded at cold start: see SkillFunction.
      environment: { POWERTOOLS_LOG_LEVEL: 'INFO' },
    });

    const frameworkLogs = new LogGroup(this, 'ProviderLogs', {
      retention: RetentionDays.ONE_MONTH,
    });
    const frameworkRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'CDK Provider framework for the account-linking settings',
    });
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
      // The framework logs the events it relays at INFO; only errors are kept.
      frameworkLambdaLoggingLevel: ApplicationLogLevel.ERROR,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::AlexaSkillAccountLinking',
      properties: {
        SkillId: props.skillId,
        Stage: props.stage ?? 'development',
        UserPoolId: accountLinking.userPool.userPoolId,
        ClientId: accountLinking.userPoolClient.userPoolClientId,
        AuthorizationUrl: accountLinking.authorizationUrl,
        AccessTokenUrl: accountLinking.accessTokenUrl,
        Scopes: accountLinking.scopes,
        Domains: accountLinking.domainNames,
        // A name-imported secret's ARN ends in a wildcard; GetSecretValue needs the name then.
        SmapiCredentialsSecretId:
          props.smapiCredentialsSecret.secretFullArn ?? props.smapiCredentialsSecret.secretName,
      },
    });

    acknowledgeProviderFindings(this.handler, frameworkRole);
  }
}

function acknowledgeProviderFindings(handler: LambdaFunction, frameworkRole: Role): void {
  const handlerId = Stack.of(handler).getLogicalId(handler.node.defaultChild as CfnFunction);
  Validations.of(frameworkRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
    reason:
      'The CDK Provider framework may invoke the onEvent handler and its versions (ARN:*); the wildcard covers versions of that one function only.',
  });
}
