import { Duration, Stack, Token } from 'aws-cdk-lib';
import type { AlexaLinkingServer } from '../identity/alexa-linking-server';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { assertIsSkillId } from '../app-settings/app-settings';
import { METRICS_STAGE_VARIABLE } from '../../lambda/core/metric-names';
import { assertIsMetricsStage } from '../observability/metrics-stage';
import { allowAlexaToInvoke } from './allow-account-linking';
import { skillFunctionCode, type SkillFunctionCodeProps } from './skill-function-code';
import { skillFunctionDefaults } from './skill-function-defaults';

/** Props of SkillFunction: the skill, its linking server, and optionally your own code. */
export interface SkillFunctionProps extends SkillFunctionCodeProps {
  /** The skill's ID: only requests for this skill may invoke the function. */
  readonly skillId: string;
  /**
   * The server whose access tokens the function verifies (`AlexaAccountLinking` for Cognito,
   * `LoginWithAmazonLinkingServer`, `OidcLinkingServer`): its `functionEnvironment` tells the
   * function which server that is and how to check its tokens, and `linkingServerName` picks the
   * bundle that carries only that server's adapter.
   */
  readonly linkingServer: Pick<AlexaLinkingServer, 'functionEnvironment' | 'linkingServerName'>;

  /**
   * The stage the function writes as the `Stage` dimension of every metric; give
   * SkillObservability the same one, so its alarms read this function's metrics and no other
   * stage's.
   * @default - the stack's name
   */
  readonly stage?: string;

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
 * - the code prebuilt into the package (or, from this repository's sources, bundled in-process
 *   by the same recipe with esbuild, never Docker), minified, with its source map in the asset but
 *   not loaded at cold start (`npm run decode-stack` decodes a logged stack trace); or your own
 *   code (`entry`, bundled by the same recipe, ask-sdk-model left out unless your code needs it:
 *   `askSdkModel`; or `code`), with everything else below unchanged;
 * - its own log group kept for one month, and a role that may write only to it;
 * - its metrics carry the `Stage` dimension (`stage`, the stack's name by default);
 * - invocable only by Alexa, and only for `skillId`.
 */
export class SkillFunction extends Construct {
  /** The Lambda function Alexa invokes. */
  readonly skillFunction: LambdaFunction;
  /** Its own log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SkillFunctionProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.skillId)) assertIsSkillId(props.skillId);
    const stage = props.stage ?? Stack.of(this).stackName;
    if (!Token.isUnresolved(stage)) assertIsMetricsStage(stage);
    const { code, handler } = skillFunctionCode(props, {
      entryName: 'custom-skill',
      linkingServer: props.linkingServer.linkingServerName,
    });

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    // A role of our own instead of AWSLambdaBasicExecutionRole, which may write to every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Alexa skill function: writes its own logs, nothing else',
    });
    this.logGroup.grantWrite(role);

    // A plain Function with the same ID the NodejsFunction had: the logical ID stays the same.
    this.skillFunction = new LambdaFunction(this, 'Function', {
      ...skillFunctionDefaults(props),
      code,
      handler,
      role,
      logGroup: this.logGroup,
      description: 'Alexa skill: verifies the account-link token of every request',
      environment: {
        SKILL_ID: props.skillId,
        ...props.linkingServer.functionEnvironment,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [METRICS_STAGE_VARIABLE]: stage,
        // No NODE_OPTIONS=--enable-source-maps: Node.js would parse the source map on every cold
        // start (the bench measures the cost). The map ships in the asset; decode a logged stack
        // with `npm run decode-stack`, or opt in with addEnvironment('NODE_OPTIONS', ...).
      },
    });

    allowAlexaToInvoke(this.skillFunction, 'custom', props.skillId);
  }
}
