import { Duration, Token } from 'aws-cdk-lib';
import type { AlexaLinkingServer } from '../identity/alexa-linking-server';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { assertIsSkillId } from '../app-settings/app-settings';
import { SKILL_ENTRY, localEsbuildBundling } from './local-bundling';

export interface SkillFunctionProps {
  /** The skill's ID: only requests for this skill may invoke the function. */
  readonly skillId: string;
  /**
   * The server whose access tokens the function verifies (`AlexaAccountLinking` for Cognito,
   * `LoginWithAmazonLinkingServer`, `OidcLinkingServer`): its `functionEnvironment` tells the
   * function which server that is and how to check its tokens.
   */
  readonly linkingServer: Pick<AlexaLinkingServer, 'functionEnvironment'>;

  /**
   * How long a request may run. Alexa waits 8 seconds for an answer.
   * @default Duration.seconds(7)
   */
  readonly timeout?: Duration;

  /**
   * Memory, which also sets CPU: signature checks and cold starts get faster with more.
   * @default 512
   */
  readonly memorySize?: number;

  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The skill's Lambda function, with these defaults baked in:
 * - runtime Node.js 24 on arm64 (Graviton: cheaper, and faster cold starts for this workload);
 * - timeout 7 s, under Alexa's 8 s wait; 512 MB;
 * - bundled by the local esbuild (never Docker), minified, with source maps;
 * - its own log group kept for one month, and a role that may write only to it;
 * - invocable only by Alexa, and only for `skillId`.
 */
export class SkillFunction extends Construct {
  readonly skillFunction: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SkillFunctionProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.skillId)) assertIsSkillId(props.skillId);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    // A role of our own instead of AWSLambdaBasicExecutionRole, which may write to every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Alexa skill function: writes its own logs, nothing else',
    });
    this.logGroup.grantWrite(role);

    this.skillFunction = new NodejsFunction(this, 'Function', {
      entry: SKILL_ENTRY,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(7),
      memorySize: props.memorySize ?? 512,
      role,
      logGroup: this.logGroup,
      description: 'Alexa skill: verifies the account-link token of every request',
      environment: {
        SKILL_ID: props.skillId,
        ...props.linkingServer.functionEnvironment,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces in the logs point at lambda/*.ts, not at the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: localEsbuildBundling(),
    });

    // Scoped by skill ID: no other skill, and no other Alexa customer, can invoke this function.
    this.skillFunction.addPermission('AlexaSkillInvoke', {
      principal: new ServicePrincipal('alexa-appkit.amazon.com'),
      action: 'lambda:InvokeFunction',
      eventSourceToken: props.skillId,
    });
  }
}
