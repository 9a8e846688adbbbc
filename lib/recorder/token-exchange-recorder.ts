import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_STAGE_VARIABLE } from '../../lambda/core/metric-names';
import {
  DEADLINE_MS_VARIABLE,
  DEFAULT_DEADLINE_MS,
  UPSTREAM_TOKEN_URL_VARIABLE,
} from '../../lambda/core/token-recorder-config';
import { assertIsHttpsSetting } from '../app-settings/linking-server-settings';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { assertIsMetricsStage } from '../observability/metrics-stage';
import { bundledCode } from '../skill-functions/bundled-code';
import { skillFunctionDefaults } from '../skill-functions/skill-function-defaults';

/** Props of TokenExchangeRecorder. */
export interface TokenExchangeRecorderProps {
  /** The linking server's own token endpoint (https): where every request is passed on. */
  readonly upstreamTokenUrl: string;

  /**
   * The stage written as the `Stage` dimension of the recorder's metrics, which the alarms read.
   * @default - the stack's name
   */
  readonly stage?: string;

  /**
   * How long the whole exchange may take before the recorder answers 504, which Alexa retries.
   * Alexa waits 4.5 s for the token endpoint.
   * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html
   * @default Duration.seconds(4)
   */
  readonly deadline?: Duration;

  /**
   * Steady-state requests per second the route accepts; Alexa's token calls are one per link and
   * one per refresh, so this bounds what a stranger calling the public URL can cost.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   * @default 50
   */
  readonly rateLimit?: number;

  /**
   * The burst the route accepts above `rateLimit`.
   * @default 100
   */
  readonly burstLimit?: number;

  /**
   * How long the exchange records are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * A linking flight recorder: an HTTPS endpoint (API Gateway HTTP API, on its execute-api domain,
 * whose Amazon certificate Alexa accepts) in front of the linking server's token endpoint. Alexa
 * is pointed at `tokenUrl` instead of the server's own; each request is passed on unchanged, its
 * answer returned unchanged, and the exchange written as one log line and metrics (never a code,
 * a token, the client secret or the Authorization header).
 *
 * The function bakes in: Node.js 24 on arm64, 256 MB, a 6 s timeout (the 4 s deadline plus
 * margin), a one-month log group of its own, and a role that may write that log group and nothing
 * else. The route is throttled at the stage.
 */
export class TokenExchangeRecorder extends Construct {
  /** The URL Alexa calls as Access Token URI while the recorder is on. */
  readonly tokenUrl: string;
  /** The linking server's own token endpoint, where each request is passed on. */
  readonly upstreamTokenUrl: string;
  /** The function that passes each exchange on and records it. */
  readonly recorderFunction: LambdaFunction;
  /** The function's own log group: one line per exchange. */
  readonly logGroup: LogGroup;
  /** The HTTP API Alexa calls. */
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: TokenExchangeRecorderProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.upstreamTokenUrl)) {
      assertIsHttpsSetting(
        'upstreamTokenUrl',
        props.upstreamTokenUrl,
        'https://tenant.eu.auth0.com/oauth/token'
      );
    }
    const deadline = props.deadline ?? Duration.millis(DEFAULT_DEADLINE_MS);
    if (
      !deadline.isUnresolved() &&
      !(deadline.toMilliseconds() > 0 && deadline.toMilliseconds() < 4500)
    ) {
      throw new InvalidSettingError(
        'deadline',
        `${deadline.toMilliseconds()} ms`,
        "a duration above 0 and under 4.5 seconds, Alexa's wait for the token endpoint (e.g. Duration.seconds(4))"
      );
    }
    const stage = props.stage ?? Stack.of(this).stackName;
    if (!Token.isUnresolved(stage)) assertIsMetricsStage(stage);
    this.upstreamTokenUrl = props.upstreamTokenUrl;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Token-exchange recorder: writes its own logs, nothing else',
    });
    this.logGroup.grantWrite(role);

    this.recorderFunction = new LambdaFunction(this, 'Function', {
      code: bundledCode('token-recorder'),
      ...skillFunctionDefaults({ timeout: Duration.seconds(6), memorySize: 256 }),
      role,
      logGroup: this.logGroup,
      description: "Token-exchange recorder: passes Alexa's token requests to the linking server",
      environment: {
        [UPSTREAM_TOKEN_URL_VARIABLE]: props.upstreamTokenUrl,
        [DEADLINE_MS_VARIABLE]: String(deadline.toMilliseconds()),
        [METRICS_STAGE_VARIABLE]: stage,
      },
    });

    this.httpApi = new HttpApi(this, 'Api', {
      description: "Alexa's Access Token URI while the token-exchange recorder is on",
      // A stage of our own below, to throttle it.
      createDefaultStage: false,
    });
    const httpStage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
    });
    const [route] = this.httpApi.addRoutes({
      path: '/token',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Forward', this.recorderFunction, {
        timeout: Duration.seconds(5),
      }),
    });
    this.tokenUrl = `${httpStage.url}token`;
    if (route) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          "Alexa calls the token endpoint with the skill's client credentials, which only the linking server can check: the route passes them on unchanged, as the server's own public token endpoint takes them.",
      });
    }
    Validations.of(httpStage).acknowledge({
      id: 'AwsSolutions-APIG1',
      reason:
        'The recorder function writes one log line per exchange it handles (its purpose); requests refused before it (throttled) show in the API metrics.',
    });
  }
}
