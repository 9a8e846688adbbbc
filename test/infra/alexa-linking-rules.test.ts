import { Aspects, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  CfnUserPoolClient,
  OAuthScope,
  UserPool,
  type UserPoolClientProps,
} from 'aws-cdk-lib/aws-cognito';
import { AlexaAppClient } from '../../lib/identity/alexa-app-client';
import { AlexaLinkingRules } from '../../lib/rules/alexa-linking-rules';
import { VENDOR_ID, newStack } from '../support/infra';
import { installSecondCdkCopy, type SecondCdkCopy } from '../support/second-cdk-copy';

const ALEXA_URLS = [
  `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`,
  `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
  `https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
];

/** A stack with a raw UserPoolClient (not our construct) and the rules added at the top, as any app would. */
function rawClientStack(
  props: Partial<UserPoolClientProps>,
  override?: (cfn: CfnUserPoolClient) => void
) {
  const stack = newStack();
  const userPool = new UserPool(stack, 'Pool', { removalPolicy: RemovalPolicy.RETAIN });
  const client = userPool.addClient('Client', {
    generateSecret: true,
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
      scopes: [OAuthScope.OPENID],
      callbackUrls: ALEXA_URLS,
    },
    refreshTokenValidity: Duration.days(3650),
    ...props,
  });
  override?.(client.node.defaultChild as CfnUserPoolClient);
  Aspects.of(stack).add(new AlexaLinkingRules());
  return Annotations.fromStack(stack);
}

const errorsOf = (annotations: Annotations) =>
  annotations.findError('*', Match.anyValue()).map((e) => String(e.entry.data));

describe('AlexaLinkingRules', () => {
  test('a compliant Alexa client has no finding', () => {
    const annotations = rawClientStack({});
    expect(errorsOf(annotations)).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a client without Alexa redirect URLs is not checked', () => {
    const annotations = rawClientStack({
      oAuth: { callbackUrls: ['https://app.example.com/cb'] },
      generateSecret: false,
    });
    expect(errorsOf(annotations)).toEqual([]);
  });

  test.each<
    [string, Partial<UserPoolClientProps>, ((cfn: CfnUserPoolClient) => void) | undefined, RegExp]
  >([
    [
      'the implicit grant is on',
      {
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: true },
          scopes: [OAuthScope.OPENID],
          callbackUrls: ALEXA_URLS,
        },
      },
      undefined,
      /CodeGrantOnly\] The Alexa client must allow the authorization code grant only \(AllowedOAuthFlows \["code"\]\); it has \["implicit","code"\]/,
    ],
    [
      'there is no client secret',
      { generateSecret: false },
      undefined,
      /ClientSecret\] The Alexa client must have a client secret/,
    ],
    [
      'openid is missing',
      {},
      (cfn) => cfn.addPropertyOverride('AllowedOAuthScopes', ['email']),
      /OpenIdScope\] .* it allows \["email"\]/,
    ],
    [
      'a regional redirect URL is missing',
      {
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [OAuthScope.OPENID],
          callbackUrls: ALEXA_URLS.slice(0, 2),
        },
      },
      undefined,
      /RegionalRedirectUrls\] .*https:\/\/alexa\.amazon\.co\.jp\/api\/skill\/link\/M2TESTVENDOR42/,
    ],
    [
      'access tokens live 5 minutes',
      { accessTokenValidity: Duration.minutes(5) },
      undefined,
      /AccessTokenLifetime\] Access tokens live 300 s/,
    ],
    [
      'refresh token rotation is on',
      {},
      (cfn) =>
        cfn.addPropertyOverride('RefreshTokenRotation', {
          Feature: 'ENABLED',
          RetryGracePeriodSeconds: 10,
        }),
      /NoRefreshTokenRotation\]/,
    ],
    [
      'an override re-enables the implicit grant',
      {},
      (cfn) => cfn.addPropertyOverride('AllowedOAuthFlows', ['code', 'implicit']),
      /CodeGrantOnly\]/,
    ],
  ])('fails when %s', (_case, props, override, message) => {
    const errors = errorsOf(rawClientStack(props, override));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  test("warns when refresh tokens live less than 365 days, Cognito's 30-day default included", () => {
    const annotations = rawClientStack({ refreshTokenValidity: undefined });
    annotations.hasWarning(
      '/TestStack/Pool/Client/Resource',
      Match.stringLikeRegexp('Refresh tokens live 30 days')
    );
    expect(errorsOf(annotations)).toEqual([]);
  });

  test('warns when a user pool is not retained', () => {
    const stack = newStack();
    new UserPool(stack, 'Pool', { removalPolicy: RemovalPolicy.DESTROY });
    Aspects.of(stack).add(new AlexaLinkingRules());
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Pool/Resource',
      Match.stringLikeRegexp('DeletionPolicy is Delete')
    );
  });

  test('our own client carries the rules and is reported once even when the app adds them too', () => {
    const stack = newStack();
    const userPool = new UserPool(stack, 'Pool', { removalPolicy: RemovalPolicy.RETAIN });
    const client = new AlexaAppClient(stack, 'Client', { userPool, alexaVendorId: VENDOR_ID });
    (client.node.defaultChild as CfnUserPoolClient).addPropertyOverride('GenerateSecret', false);
    Aspects.of(stack).add(new AlexaLinkingRules());
    const errors = errorsOf(Annotations.fromStack(stack));
    expect(errors).toEqual([expect.stringMatching(/ClientSecret\]/)]);
  });
});

describe('AlexaLinkingRules with a second copy of aws-cdk-lib in the tree', () => {
  let secondCopy: SecondCdkCopy;
  beforeAll(() => {
    secondCopy = installSecondCdkCopy();
  });
  afterAll(() => secondCopy?.remove());

  test('reports the bad client built with the other copy: implicit grant, no secret, a missing redirect URL', () => {
    // GIVEN an app, a pool and a client built with another copy of aws-cdk-lib on disk (as an app
    // with its own copy next to this package's has), where `instanceof` across copies is false
    const { cdk, cognito } = secondCopy;
    const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new cdk.Stack(app, 'OtherCopyStack');
    const pool = new cognito.UserPool(stack, 'Pool', { removalPolicy: cdk.RemovalPolicy.RETAIN });
    const client = pool.addClient('Client', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID],
        callbackUrls: ALEXA_URLS.slice(0, 2),
      },
      refreshTokenValidity: cdk.Duration.days(3650),
    });
    expect(client.node.defaultChild instanceof CfnUserPoolClient).toBe(false);

    // WHEN the rules from this package's copy visit it
    cdk.Aspects.of(app).add(new AlexaLinkingRules());
    const messages = app.synth().getStackByName('OtherCopyStack').messages;

    // THEN every error is reported
    const errors = messages.filter((m) => m.level === 'error').map((m) => String(m.entry.data));
    expect(errors).toEqual([
      expect.stringMatching(/CodeGrantOnly\]/),
      expect.stringMatching(/ClientSecret\]/),
      expect.stringMatching(/RegionalRedirectUrls\] .*alexa\.amazon\.co\.jp/),
    ]);
  });
});
