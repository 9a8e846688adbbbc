/**
 * A skill stage with a client of its own, in the synthesized template: a second Cognito Alexa
 * client beside the first (whose logical ID does not move), the skill's STAGE_CLIENT_IDS, the
 * custom resource's StageClients and the StageClients output; and the same for Login with Amazon
 * and OIDC, whose stage clients live on their server.
 */
import { Match } from 'aws-cdk-lib/assertions';
import {
  LWA_CONTEXT,
  OIDC_CONTEXT,
  onlyResource,
  synthAccountLinkingStack,
} from '../support/infra';

const LIVE_SEPARATE = { development: {}, live: { separateClient: true } };
const SMAPI = 'alexa/smapi-credentials';

/** The skill function's environment variables. */
function skillEnvironment(template: ReturnType<typeof synthAccountLinkingStack>['template']) {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('^Alexa skill') },
  });
  const [fn] = Object.values(functions) as { Properties: { Environment: { Variables: object } } }[];
  return fn?.Properties.Environment.Variables as Record<string, unknown>;
}

describe('Cognito: a separate Alexa client for live', () => {
  test('a second client with the same settings and its own name; the first keeps its logical ID', () => {
    // GIVEN the stack without and with a live client
    const before = synthAccountLinkingStack().template;
    const { template, stack } = synthAccountLinkingStack({ skillStages: LIVE_SEPARATE });
    // THEN
    const [firstId] = Object.keys(before.findResources('AWS::Cognito::UserPoolClient'));
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    expect(Object.keys(clients)).toHaveLength(2);
    const liveId = Object.keys(clients).find((id) => id !== firstId) as string;
    expect(Object.keys(clients)).toContain(firstId);
    expect(liveId).toMatch(/^AccountLinkingAlexaClientLive[0-9A-F]{8}$/);
    const { ClientName: firstName, ...first } = clients[firstId as string]?.Properties ?? {};
    const { ClientName: liveName, ...live } = clients[liveId]?.Properties ?? {};
    expect([firstName, liveName]).toEqual(['alexa', 'alexa-live']);
    expect(live).toEqual(first);
    expect(live.GenerateSecret).toBe(true);
    // Managed login shows "Login pages unavailable" to a client without branding.
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 2);
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: liveId },
    });
    // Nobody reads either secret into the template.
    template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 0);
    // AND the skill accepts the live client's tokens beside the first's
    expect(skillEnvironment(template)).toMatchObject({
      USER_POOL_CLIENT_ID: { Ref: firstId },
      STAGE_CLIENT_IDS: { Ref: liveId },
    });
    expect(stack.resolve(stack.accountLinking?.stageClientIds)).toEqual({
      live: { Ref: liveId },
    });
  });

  test('without a stage client the template has no STAGE_CLIENT_IDS and no StageClients output', () => {
    const { template } = synthAccountLinkingStack({ skillStages: 'development,live' });
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    expect(skillEnvironment(template)).not.toHaveProperty('STAGE_CLIENT_IDS');
    expect(template.findOutputs('StageClients')).toEqual({});
  });

  test('automatic mode writes live with its client (its secret read from it), development with the first', () => {
    const { template } = synthAccountLinkingStack({
      skillStages: LIVE_SEPARATE,
      smapiCredentialsSecret: SMAPI,
    });
    const clients = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    const liveId = clients.find((id) => id.includes('AlexaClientLive')) as string;
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    expect(properties).toMatchObject({
      Stage: 'development,live',
      ClientId: { Ref: clients.find((id) => id !== liveId) },
      StageClients: { live: { ClientId: { Ref: liveId } } },
    });
    expect(properties.StageClients).toEqual({ live: { ClientId: { Ref: liveId } } });
  });

  test('the StageClients output names the live client, for link-config', () => {
    const { template, stack } = synthAccountLinkingStack({ skillStages: LIVE_SEPARATE });
    const output = template.findOutputs('StageClients').StageClients as { Value: unknown };
    const liveId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).find((id) =>
      id.includes('AlexaClientLive')
    );
    expect(JSON.stringify(stack.resolve(output.Value))).toContain(`{"Ref":"${liveId}"}`);
  });

  test('the app-to-app authorizer accepts the live client too', () => {
    const { template } = synthAccountLinkingStack({
      skillStages: {
        development: { appRedirectUrls: 'https://app.example.com/alexa/linked' },
        live: { separateClient: true, appRedirectUrls: 'https://app.example.com/alexa/linked' },
      },
      appToAppLinking: true,
      appToAppLinkingSecret: 'alexa/app-to-app-client',
    });
    const { properties } = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    const audience = (properties.JwtConfiguration as { Audience: unknown[] }).Audience;
    expect(audience).toHaveLength(2);
    expect(JSON.stringify(audience)).toContain('AlexaClientLive');
  });
});

describe.each([
  [
    'oidc',
    OIDC_CONTEXT,
    { oidcClientId: 'LiveApp0123456789', oidcClientSecretName: 'alexa/auth0-live' },
    'LiveApp0123456789',
  ],
  [
    'login-with-amazon',
    LWA_CONTEXT,
    {
      lwaClientId: 'amzn1.application-oa2-client.fedcba9876543210fedcba9876543210',
      lwaClientSecretName: 'alexa/lwa-live',
    },
    'amzn1.application-oa2-client.fedcba9876543210fedcba9876543210',
  ],
])('%s: the live stage on its own client', (_, context, live, liveClientId) => {
  const secretName = Object.values(live)[1] as string;
  const synth = (extra: Record<string, unknown> = {}) =>
    synthAccountLinkingStack({
      ...context,
      skillStages: { development: {}, live },
      smapiCredentialsSecret: SMAPI,
      ...extra,
    }).template;

  test('the skill accepts it, automatic mode writes it with its secret, and may read only that secret besides', () => {
    const template = synth();
    expect(skillEnvironment(template)).toMatchObject({ STAGE_CLIENT_IDS: liveClientId });
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    expect(properties.StageClients).toEqual({
      live: { ClientId: liveClientId, ClientSecretId: secretName },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'secretsmanager:GetSecretValue',
            Resource: Match.arrayWith([
              {
                'Fn::Join': [
                  '',
                  Match.arrayWith([Match.stringLikeRegexp(`:secret:${secretName}-\\?{6}$`)]),
                ],
              },
            ]),
          }),
        ]),
      },
    });
    const output = template.findOutputs('StageClients').StageClients as { Value: string };
    expect(JSON.parse(output.Value)).toEqual({
      live: { clientId: liveClientId, clientSecretName: secretName },
    });
  });

  test('without its secret name automatic mode is left off, with a warning naming the key', () => {
    const [idKey] = Object.keys(live) as [string];
    const { stack } = synthAccountLinkingStack({
      ...context,
      skillStages: { development: {}, live: { [idKey]: liveClientId } },
      smapiCredentialsSecret: SMAPI,
    });
    expect(stack.linkSettings).toBeUndefined();
    const warnings = stack.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings.join('\n')).toContain(
      `needs skillStages.live.${idKey.replace('ClientId', 'ClientSecretName')}`
    );
  });
});
