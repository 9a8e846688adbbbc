/**
 * The app-to-app linking endpoint in the synthesized template: absent by default; with
 * appToAppLinking, an HTTP API whose routes all need a user-pool JWT from the Alexa client (or
 * your own app clients), a throttled stage, and a function whose role reads only its one secret.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { AppToAppLinking } from '../../lib/app-to-app/app-to-app-linking';
import {
  OIDC_CONTEXT,
  SKILL_ID,
  newApp,
  onlyResource,
  synthAccountLinkingStack,
} from '../support/infra';
import {
  CLIENT_ID,
  ISSUER,
  REGION,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';

const SECRET = 'alexa/app-to-app-client';
const REDIRECT = 'https://app.example.com/alexa/linked';
const ON = { appToAppLinking: true, appToAppLinkingSecret: SECRET, appRedirectUrls: REDIRECT };
const DESCRIPTION = 'App-to-app linking: links the skill for a user of your app';

test('is not deployed by default', () => {
  // GIVEN / WHEN
  const { template } = synthAccountLinkingStack();
  // THEN
  template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  expect(template.findOutputs('AppToAppLinkingUrl')).toEqual({});
});

describe('with appToAppLinking', () => {
  const { stack, template } = synthAccountLinkingStack(ON);

  test('authorizes every route with a JWT from the user pool for the Alexa client', () => {
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.values(authorizers)).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^AccountLinkingAlexaClient') }],
        Issuer: {
          'Fn::Join': [
            '',
            Match.arrayWith([
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { Ref: Match.stringLikeRegexp('^AccountLinkingUserPool') },
            ]),
          ],
        },
      },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: Record<string, unknown> }).Properties
    );
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([
      'DELETE /enablement',
      'GET /enablement',
      'POST /enablement',
    ]);
    for (const route of routes) {
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).toEqual({ Ref: expect.stringMatching(/User/) });
    }
  });

  test('throttles its stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
  });

  test("the function's role reads only its secret, by name with Secrets Manager's suffix, and writes its logs", () => {
    const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, r]) =>
        (r as { Properties: { Description?: string } }).Properties.Description === DESCRIPTION
    );
    expect(fn).toBeDefined();
    const props = (fn?.[1] as { Properties: Record<string, unknown> }).Properties;
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
      SKILL_ID,
      APP_REDIRECT_URLS: REDIRECT,
      SKILL_STAGES: 'development',
      APP_TO_APP_SECRET_ID: SECRET,
    });
    const roleId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(roleId)
    );
    const statements = policies.flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } })
          .Properties.PolicyDocument.Statement
    );
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      'secretsmanager:GetSecretValue',
    ]);
    expect(JSON.stringify(statements[1]?.Resource)).toContain(`:secret:${SECRET}-??????`);
    // No managed policy either: the role has only these statements.
    const role = template.findResources('AWS::IAM::Role')[roleId] as {
      Properties: Record<string, unknown>;
    };
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('puts no secret in the template and reads no client secret', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain('SecretString');
    expect(text).not.toContain('secretsmanager:resolve');
    template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 0);
  });

  test('outputs the URL your app calls', () => {
    const outputs = template.findOutputs('AppToAppLinkingUrl');
    expect(JSON.stringify(outputs)).toContain('enablement');
    expect(stack.appToAppLinking?.enablementUrl).toMatch(/enablement$/);
  });
});

test('accepts tokens of your own app clients too (appToAppLinkingClientIds)', () => {
  const { template } = synthAccountLinkingStack({
    ...ON,
    appToAppLinkingClientIds: '1example23456789abcdefghij',
  });
  template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
    JwtConfiguration: {
      Audience: [
        { Ref: Match.stringLikeRegexp('^AccountLinkingAlexaClient') },
        '1example23456789abcdefghij',
      ],
    },
  });
});

describe('with appToAppLinking and linkingServer=oidc', () => {
  const { template } = synthAccountLinkingStack({
    ...OIDC_CONTEXT,
    ...ON,
    appToAppLinkingClientIds: 'MobileApp0123456789',
    skillStages: { development: {}, live: { oidcClientId: 'LiveApp0123456789' } },
    appRedirectUrls: REDIRECT,
  });

  test("authorizes every route with a JWT from the OIDC issuer, for the Alexa client, the live stage's and yours", () => {
    const authorizers = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties).toEqual({
      ApiId: { Ref: expect.stringMatching(/^AppToAppLinkingApi/) },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      Name: 'User',
      // The issuer byte for byte, trailing slash included: API Gateway compares it with iss.
      JwtConfiguration: {
        Issuer: OIDC_CONTEXT.oidcIssuer,
        Audience: [OIDC_CONTEXT.oidcClientId, 'LiveApp0123456789', 'MobileApp0123456789'],
      },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(3);
    for (const route of routes) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: expect.stringMatching(/User/) },
      });
    }
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
  });

  test('throttles its stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
  });

  test("the function's role reads only its secret and writes its logs", () => {
    const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, r]) =>
        (r as { Properties: { Description?: string } }).Properties.Description === DESCRIPTION
    );
    const props = (fn?.[1] as { Properties: Record<string, unknown> }).Properties;
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
      SKILL_ID,
      APP_REDIRECT_URLS: REDIRECT,
      SKILL_STAGES: 'development,live',
      APP_TO_APP_SECRET_ID: SECRET,
    });
    const roleId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(
        (p) =>
          (p.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } })
            .PolicyDocument.Statement
      );
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      'secretsmanager:GetSecretValue',
    ]);
    expect(JSON.stringify(statements[1]?.Resource)).toContain(`:secret:${SECRET}-??????`);
  });
});

describe('AppToAppLinking props', () => {
  const props = () => {
    const stack = new Stack(newApp(), 'S');
    const userPool = new UserPool(stack, 'Pool');
    return {
      stack,
      base: {
        skillId: SKILL_ID,
        userPool,
        userPoolClients: [userPool.addClient('App')],
        redirectUrls: [REDIRECT],
        clientSecretName: SECRET,
      },
    };
  };

  test('takes stages, limits and several redirect URLs', () => {
    const { stack, base } = props();
    new AppToAppLinking(stack, 'A2A', {
      ...base,
      redirectUrls: [REDIRECT, 'https://app.example.com/other'],
      stages: ['live', 'development'],
      rateLimit: 2,
      burstLimit: 4,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          APP_REDIRECT_URLS: `${REDIRECT},https://app.example.com/other`,
          SKILL_STAGES: 'live,development',
        }),
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 },
    });
  });

  test.each([
    ['skillId is not a skill ID', { skillId: 'skill' }, /^Invalid skillId: received "skill"/],
    [
      'redirectUrls is empty',
      { redirectUrls: [] },
      /^Invalid redirectUrls: received \[\] \(a list\)/,
    ],
    [
      'a redirect URL is http',
      { redirectUrls: ['http://app.example.com/cb'] },
      /^Invalid redirectUrls: received "http:\/\/app.example.com\/cb"\. Expected https URLs/,
    ],
    ['no app client is given', { userPoolClients: [] }, /^Invalid userPoolClients: received \[\]/],
    [
      'both a user pool and jwtIssuer are given',
      { jwtIssuer: 'https://acme.eu.auth0.com/', jwtAudiences: ['app'] },
      /^Invalid userPool: received "a user pool, beside a jwtIssuer"\. Expected either a user pool \(with userPoolClients\) or jwtIssuer \(with jwtAudiences\), not both\.$/,
    ],
    [
      'neither a user pool nor jwtIssuer is given',
      { userPool: undefined, userPoolClients: undefined },
      /^Invalid userPool: received nothing .*Expected either a user pool/,
    ],
    [
      'jwtIssuer is http',
      { userPool: undefined, jwtIssuer: 'http://acme.example/', jwtAudiences: ['app'] },
      /^Invalid jwtIssuer: received "http:\/\/acme.example\/"\. Expected the https issuer of your OIDC server/,
    ],
    [
      'jwtIssuer comes without jwtAudiences',
      { userPool: undefined, jwtIssuer: 'https://acme.eu.auth0.com/' },
      /^Invalid jwtAudiences: received \[\] \(a list\)\. Expected at least one value of aud/,
    ],
  ])('fails when %s', (_case, override, message) => {
    const { stack, base } = props();
    expect(() => new AppToAppLinking(stack, 'A2A', { ...base, ...override })).toThrow(message);
  });
});

test("the authorizer's settings let your user's token in and refuse a token from another client", async () => {
  // GIVEN the construct on a pool and client of known IDs, in a region of its own
  const stack = new Stack(newApp(), 'S', { env: { region: REGION, account: '123456789012' } });
  const userPool = UserPool.fromUserPoolId(stack, 'Pool', USER_POOL_ID);
  new AppToAppLinking(stack, 'A2A', {
    skillId: SKILL_ID,
    userPool,
    userPoolClients: [UserPoolClient.fromUserPoolClientId(stack, 'Client', CLIENT_ID)],
    redirectUrls: [REDIRECT],
    clientSecretName: SECRET,
  });
  const { Issuer, Audience } = onlyResource(
    Template.fromStack(stack),
    'AWS::ApiGatewayV2::Authorizer'
  ).properties.JwtConfiguration as { Issuer: string; Audience: string[] };
  expect(Issuer).toBe(ISSUER);

  // WHEN tokens are checked as API Gateway's JWT authorizer does (issuer, then client_id or aud)
  const key = generateTestKey('authorizer-key');
  const verifier = CognitoJwtVerifier.create({
    userPoolId: Issuer.split('/').pop() as string,
    tokenUse: null,
    clientId: Audience,
  });
  verifier.cacheJwks(jwksOf(key));

  // THEN
  await expect(verifier.verify(signRs256(key, accessTokenClaims()))).resolves.toMatchObject({
    client_id: CLIENT_ID,
  });
  await expect(
    verifier.verify(signRs256(key, accessTokenClaims({ client_id: 'someoneelsesclient000000000' })))
  ).rejects.toThrow(/Client ID not allowed/);
});
