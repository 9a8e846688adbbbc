import { Duration, Token, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpJwtAuthorizer,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { APP_TO_APP_ENV } from '../../lambda/core/app-to-app/link-request';
import { isHttpsUrl } from '../app-settings/https-url';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { isSkillId } from '../app-settings/app-settings';
import { secretReference } from '../app-settings/secret-reference';
import { bundledCode } from '../skill-functions/bundled-code';
import { skillFunctionDefaults } from '../skill-functions/skill-function-defaults';

/** Props of AppToAppLinking. */
export interface AppToAppLinkingProps {
  /** The skill the endpoint enables (amzn1.ask.skill.…). */
  readonly skillId: string;
  /**
   * The user pool whose tokens authenticate your app's user. Give it, or `jwtIssuer`.
   * @default - none; `jwtIssuer` names the server instead
   */
  readonly userPool?: IUserPool;
  /**
   * The app clients whose access or ID tokens the endpoint accepts (the JWT authorizer checks
   * `client_id` or `aud`): the Alexa client, your app's own client, or both. With `userPool`.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
   * @default - none; required with `userPool`
   */
  readonly userPoolClients?: readonly IUserPoolClient[];
  /**
   * The issuer of an OIDC server whose JWTs authenticate your app's user (`iss`, byte for byte),
   * instead of a user pool. API Gateway reads its keys from `<issuer>/.well-known/openid-configuration`.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
   * @default - none; `userPool` authenticates instead
   */
  readonly jwtIssuer?: string;
  /**
   * With `jwtIssuer`: the values a token's `aud` (or, without `aud`, `client_id`) may hold, such
   * as the client IDs whose ID tokens your app sends.
   * @default - none; required with `jwtIssuer`
   */
  readonly jwtAudiences?: readonly string[];
  /**
   * The skill's app redirect URLs (appRedirectUrls): the only redirect URI a request may name.
   * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step3.html
   */
  readonly redirectUrls: readonly string[];
  /**
   * The skill stages a link may name; the first is the default.
   * @default ['development']
   */
  readonly stages?: readonly ('development' | 'live')[];
  /**
   * Name or ARN of the Secrets Manager secret holding the skill's app-to-app client as
   * {"clientId", "clientSecret"}: read by the function at run time, never put in the template.
   */
  readonly clientSecretName: string;
  /**
   * Steady-state requests per second the endpoint accepts: one user links once.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   * @default 10
   */
  readonly rateLimit?: number;
  /**
   * The burst the endpoint accepts above `rateLimit`.
   * @default 20
   */
  readonly burstLimit?: number;
  /**
   * How long the function's log lines are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * App-to-app linking started from your app: an HTTPS endpoint (API Gateway HTTP API) your app's
 * backend calls as your signed-in user, with `POST /enablement` (link), `GET /enablement`
 * (status) and `DELETE /enablement` (unlink). The function exchanges the Amazon code at Login with
 * Amazon with the skill's app-to-app client, finds the user's Alexa API endpoint and calls the
 * Skill Enablement API.
 *
 * The function bakes in: Node.js 24 on arm64, 256 MB, a 9 s timeout (its 8 s deadline plus
 * margin, under the integration's 10 s), a one-month log group of its own, and a role that may
 * write that log group and read the one secret, nothing else. The stage is throttled.
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/app-to-app-account-linking-starting-from-your-app.html
 */
export class AppToAppLinking extends Construct {
  /** The HTTP API your app's backend calls. */
  readonly httpApi: HttpApi;
  /** The function behind it: exchanges the Amazon code and calls the Skill Enablement API. */
  readonly enablementFunction: LambdaFunction;
  /** The function's own log group. */
  readonly logGroup: LogGroup;
  /** The URL your app's backend calls: `<api>/enablement`. */
  readonly enablementUrl: string;

  constructor(scope: Construct, id: string, props: AppToAppLinkingProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.skillId) && !isSkillId(props.skillId)) {
      throw new InvalidSettingError(
        'skillId',
        props.skillId,
        'the skill ID, "amzn1.ask.skill." followed by a lower-case UUID'
      );
    }
    if (props.redirectUrls.length === 0) {
      throw new InvalidSettingError(
        'redirectUrls',
        [],
        "the skill's app redirect URLs (appRedirectUrls), at least one https URL"
      );
    }
    for (const url of props.redirectUrls) {
      if (!Token.isUnresolved(url) && !isHttpsUrl(url)) {
        throw new InvalidSettingError(
          'redirectUrls',
          url,
          'https URLs (e.g. "https://app.example.com/alexa/linked")'
        );
      }
    }
    // Checked here, before any child exists; it binds to the API with the routes below.
    const authorizer = userAuthorizer(props);
    const stages = props.stages ?? ['development'];

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'App-to-app linking: writes its own logs and reads the app-to-app client secret',
    });
    this.logGroup.grantWrite(role);
    const secret = secretReference(this, 'ClientSecret', props.clientSecretName);
    // Named exactly (with Secrets Manager's six-character suffix when only the name is known).
    role.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.iamResourceArn],
      })
    );

    this.enablementFunction = new LambdaFunction(this, 'Function', {
      code: bundledCode('app-to-app'),
      ...skillFunctionDefaults({ timeout: Duration.seconds(9), memorySize: 256 }),
      role,
      logGroup: this.logGroup,
      description: 'App-to-app linking: links the skill for a user of your app',
      environment: {
        [APP_TO_APP_ENV.skillId]: props.skillId,
        [APP_TO_APP_ENV.redirectUrls]: props.redirectUrls.join(','),
        [APP_TO_APP_ENV.stages]: stages.join(','),
        [APP_TO_APP_ENV.secretId]: secret.secretId,
      },
    });

    this.httpApi = new HttpApi(this, 'Api', {
      description: "App-to-app linking: your app's backend links the Alexa skill for its user",
      // A stage of our own below, to throttle it.
      createDefaultStage: false,
    });
    const httpStage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 10, burstLimit: props.burstLimit ?? 20 },
    });
    this.httpApi.addRoutes({
      path: '/enablement',
      methods: [HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE],
      authorizer,
      integration: new HttpLambdaIntegration('Enablement', this.enablementFunction, {
        timeout: Duration.seconds(10),
      }),
    });
    this.enablementUrl = `${httpStage.url}enablement`;
    Validations.of(httpStage).acknowledge({
      id: 'AwsSolutions-APIG1',
      reason:
        'The function writes one log line per request it handles (route, user subject, outcome), never its headers or body, which carry Amazon and your codes; requests refused before it (unauthenticated, throttled) show in the API metrics.',
    });
  }
}

/** The JWT authorizer that checks your user's token: the user pool's, or the OIDC server's. */
function userAuthorizer(props: AppToAppLinkingProps): HttpUserPoolAuthorizer | HttpJwtAuthorizer {
  if ((props.userPool === undefined) === (props.jwtIssuer === undefined)) {
    throw new InvalidSettingError(
      'userPool',
      props.userPool === undefined ? undefined : 'a user pool, beside a jwtIssuer',
      'either a user pool (with userPoolClients) or jwtIssuer (with jwtAudiences), not both'
    );
  }
  if (props.userPool) {
    if (!props.userPoolClients || props.userPoolClients.length === 0) {
      throw new InvalidSettingError(
        'userPoolClients',
        props.userPoolClients ?? [],
        'at least one app client of the user pool whose tokens your app sends'
      );
    }
    return new HttpUserPoolAuthorizer('User', props.userPool, {
      userPoolClients: [...props.userPoolClients],
    });
  }
  const issuer = props.jwtIssuer as string;
  if (!Token.isUnresolved(issuer) && !isHttpsUrl(issuer)) {
    throw new InvalidSettingError(
      'jwtIssuer',
      issuer,
      'the https issuer of your OIDC server, exactly as its tokens carry it in iss (e.g. "https://tenant.eu.auth0.com/")'
    );
  }
  if (!props.jwtAudiences || props.jwtAudiences.length === 0) {
    throw new InvalidSettingError(
      'jwtAudiences',
      props.jwtAudiences ?? [],
      "at least one value of aud (or client_id) your app's tokens carry, such as its client ID"
    );
  }
  return new HttpJwtAuthorizer('User', issuer, {
    jwtAudience: [...new Set(props.jwtAudiences)],
  });
}
