/**
 * allowAccountLinking: a function of the user's, defined elsewhere in their app, gets what
 * SkillFunction gives its own (the linking environment and Alexa's invoke permission, scoped to
 * the skill), and nothing else.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AlexaAccountLinking } from '../../lib/identity/alexa-account-linking';
import { OidcLinkingServer } from '../../lib/identity/oidc-linking-server';
import { allowAccountLinking } from '../../lib/skill-functions/allow-account-linking';
import { SkillFunction } from '../../lib/skill-functions/skill-function';
import { SKILL_ID, VENDOR_ID, newStack, onlyResource } from '../support/infra';

/** A function of the user's own, with a variable of its own. */
function ownFunction(stack: Stack, id = 'Orders'): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({});'),
    environment: { ORDERS_TABLE: 'orders' },
  });
}

function cognito(stack: Stack): AlexaAccountLinking {
  return new AlexaAccountLinking(stack, 'AccountLinking', {
    alexaVendorId: VENDOR_ID,
    domainPrefix: 'acme-alexa-sign-in',
  });
}

function oidc(stack: Stack): OidcLinkingServer {
  return new OidcLinkingServer(stack, 'Oidc', {
    alexaVendorId: VENDOR_ID,
    issuer: 'https://acme.eu.auth0.com/',
    audience: 'https://alexa.acme.example/api',
    clientId: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
    authorizationUrl: 'https://acme.eu.auth0.com/authorize',
    tokenUrl: 'https://acme.eu.auth0.com/oauth/token',
  });
}

const variablesOf = (template: Template, logicalIdPrefix: string) => {
  const functions = template.findResources('AWS::Lambda::Function');
  const id = Object.keys(functions).find((key) => key.startsWith(logicalIdPrefix));
  return (
    (functions[id ?? 'missing'] as { Properties: { Environment: { Variables: object } } })
      .Properties.Environment.Variables ?? {}
  );
};

describe('allowAccountLinking', () => {
  test("sets the linking server's environment next to the function's own", () => {
    // GIVEN a function of the user's and an OIDC linking server
    const stack = newStack();
    const fn = ownFunction(stack);

    // WHEN it is allowed to verify that server's tokens
    allowAccountLinking(fn, { skillId: SKILL_ID, linkingServer: oidc(stack), stage: 'prod' });

    // THEN its environment holds the skill, the server and the stage, and its own variable still
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          ORDERS_TABLE: 'orders',
          SKILL_ID,
          LINKING_SERVER: 'oidc',
          OIDC_ISSUER: 'https://acme.eu.auth0.com/',
          OIDC_AUDIENCE: 'https://alexa.acme.example/api',
          OIDC_CLIENT_ID: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
          OIDC_JWKS_URL: 'https://acme.eu.auth0.com/.well-known/jwks.json',
          SKILL_STAGE: 'prod',
        },
      },
    });
  });

  test("gives the function SkillFunction's environment, stating LINKING_SERVER and leaving logging alone", () => {
    // GIVEN the same Cognito linking server for a SkillFunction and for a function of the user's
    const stack = newStack();
    const linking = cognito(stack);
    new SkillFunction(stack, 'Skill', { skillId: SKILL_ID, linkingServer: linking });
    allowAccountLinking(ownFunction(stack), { skillId: SKILL_ID, linkingServer: linking });

    // THEN the variables are the same, but for the two the user's function owns or needs stated
    const template = Template.fromStack(stack);
    const { POWERTOOLS_LOG_LEVEL, ...skillVariables } = variablesOf(template, 'SkillFunction') as {
      POWERTOOLS_LOG_LEVEL?: string;
    };
    expect(POWERTOOLS_LOG_LEVEL).toBe('INFO');
    expect(variablesOf(template, 'Orders')).toEqual({
      ...skillVariables,
      ORDERS_TABLE: 'orders',
      LINKING_SERVER: 'cognito',
    });
  });

  test('lets Alexa invoke the function only for the skill, and changes no role', () => {
    const stack = newStack();
    allowAccountLinking(ownFunction(stack), { skillId: SKILL_ID, linkingServer: oidc(stack) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Orders'), 'Arn'] },
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: SKILL_ID,
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('lets the smart home service send directives and the Alexa Skills Kit service skill events, each only for the skill', () => {
    const stack = newStack();
    allowAccountLinking(ownFunction(stack), {
      skillId: SKILL_ID,
      linkingServer: oidc(stack),
      skillType: 'smart-home',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    for (const principal of ['alexa-connectedhome.amazon.com', 'alexa-appkit.amazon.com']) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: principal,
        EventSourceToken: SKILL_ID,
      });
    }
  });

  test("takes the function's stack name as its stage unless given", () => {
    const stack = newStack();
    allowAccountLinking(ownFunction(stack), { skillId: SKILL_ID, linkingServer: oidc(stack) });
    expect(
      (
        onlyResource(Template.fromStack(stack), 'AWS::Lambda::Function').properties.Environment as {
          Variables: Record<string, string>;
        }
      ).Variables.SKILL_STAGE
    ).toBe('TestStack');
  });

  test('fails when the skill ID is malformed', () => {
    const stack = newStack();
    expect(() =>
      allowAccountLinking(ownFunction(stack), {
        skillId: 'amzn1.ask.skill.nope',
        linkingServer: oidc(stack),
      })
    ).toThrow(/^Invalid skillId: received "amzn1\.ask\.skill\.nope"/);
  });

  test('fails when the stage has a space', () => {
    const stack = newStack();
    expect(() =>
      allowAccountLinking(ownFunction(stack), {
        skillId: SKILL_ID,
        linkingServer: oidc(stack),
        stage: 'my stage',
      })
    ).toThrow(/^Invalid stage: received "my stage"/);
  });

  test('fails when the function is already allowed: a function serves one skill', () => {
    const stack = newStack();
    const fn = ownFunction(stack);
    const server = oidc(stack);
    allowAccountLinking(fn, { skillId: SKILL_ID, linkingServer: server });
    expect(() => allowAccountLinking(fn, { skillId: SKILL_ID, linkingServer: server })).toThrow(
      /^allowAccountLinking was already called for TestStack\/Orders: a function serves one skill\.$/
    );
  });
});
