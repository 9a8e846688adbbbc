/**
 * The deploy refusal of cdk.json's example values (#23.1): the template synthesizes offline, but
 * CloudFormation's own parameter and rule checks, which run before any resource changes, refuse
 * it; a template with real values carries no extra parameter or rule and deploys.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { RegionalSkillStack } from '../../lib/regional-skill-stack';
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { deployRefusals } from '../support/cloudformation-rules';
import { TEST_CONTEXT } from '../support/infra';

const CDK_JSON = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')
) as { context: Record<string, unknown> };
// What `cdk bootstrap` of this CLI writes to SSM; the CDK's own rule asks for 6 or later.
const BOOTSTRAPPED = { ssm: { '/cdk-bootstrap/hnb659fds/version': '30' } };

/**
 * What synthesis printed: aws-cdk-lib's validation report writes each stack's warnings (the
 * example values among them) on console.error. Expected here, so captured and checked, not printed.
 */
const synthOutput: string[] = [];
function quietTemplateOf(stack: Stack): Record<string, unknown> {
  const consoleError = jest
    .spyOn(console, 'error')
    .mockImplementation((...args: unknown[]) => void synthOutput.push(args.map(String).join(' ')));
  try {
    return Template.fromStack(stack).toJSON() as Record<string, unknown>;
  } finally {
    consoleError.mockRestore();
  }
}

/** The home stack's template, synthesized as bin/app.ts does from this context. */
function templateFrom(context: Record<string, unknown>): Record<string, unknown> {
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const settings = readAppSettings(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext())
  );
  const stack = new AccountLinkingStack(app, 'AlexaAccountLinking-dev', { settings });
  return quietTemplateOf(stack);
}

/** A regional stack's template (-c skillRegions), as bin/app.ts builds it beside the home stack. */
function regionalTemplateFrom(context: Record<string, unknown>): Record<string, unknown> {
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const settings = readAppSettings(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext())
  );
  const home = new AccountLinkingStack(app, 'AlexaAccountLinking-dev', {
    settings,
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const regional = new RegionalSkillStack(app, 'AlexaAccountLinking-dev-eu-west-1', {
    settings,
    home,
    region: 'eu-west-1',
  });
  return quietTemplateOf(regional);
}

describe("cdk.json's example values", () => {
  const template = templateFrom(CDK_JSON.context);
  const refusal =
    'Not deployed: cdk.json holds example values. In cdk.json\'s "context", replace alexaVendorId "M0EXAMPLEVENDOR" with your vendor ID (Amazon developer console > Settings); skillId "amzn1.ask.skill.00000000-0000-0000-0000-000000000000" with your skill ID (Alexa developer console > your skill > Copy Skill ID); domainPrefix "example-alexa-linking" with a sign-in domain prefix of your own, unique in the region (e.g. "acme-alexa"). Then run cdk deploy again.';

  test('cannot be deployed: the rule refuses them, naming each value and what replaces it', () => {
    expect(deployRefusals(template, BOOTSTRAPPED)).toStrictEqual([refusal]);
  });

  test.each(['', 'alexaVendorId', 'x'])(
    'cannot be deployed by passing --parameters ExampleValuesInUse=%j',
    (value) => {
      expect(
        deployRefusals(template, { ...BOOTSTRAPPED, parameters: { ExampleValuesInUse: value } })
      ).toStrictEqual([refusal]);
    }
  );

  test("the check is CloudFormation's own, not the app's: a parameter and a rule in the template", () => {
    expect(template.Parameters).toMatchObject({
      ExampleValuesInUse: {
        Type: 'String',
        Default: 'alexaVendorId,skillId,domainPrefix',
        AllowedValues: ['alexaVendorId,skillId,domainPrefix'],
        ConstraintDescription: refusal,
      },
    });
    expect(template.Rules).toMatchObject({
      ExampleValuesReplaced: {
        Assertions: [
          {
            Assert: { 'Fn::Equals': [{ Ref: 'ExampleValuesInUse' }, ''] },
            AssertDescription: refusal,
          },
        ],
      },
    });
  });

  test('one example value left is named alone', () => {
    const refusals = deployRefusals(
      templateFrom({ ...TEST_CONTEXT, skillId: CDK_JSON.context.skillId }),
      BOOTSTRAPPED
    );
    expect(refusals).toStrictEqual([
      'Not deployed: cdk.json holds example values. In cdk.json\'s "context", replace skillId "amzn1.ask.skill.00000000-0000-0000-0000-000000000000" with your skill ID (Alexa developer console > your skill > Copy Skill ID). Then run cdk deploy again.',
    ]);
  });
});

describe('a regional stack (-c skillRegions)', () => {
  const regions = { skillRegions: 'us-east-1,eu-west-1' };

  test('with example values cannot be deployed alone (cdk deploy --exclusively) either', () => {
    expect(
      deployRefusals(regionalTemplateFrom({ ...CDK_JSON.context, ...regions }), BOOTSTRAPPED)
    ).toStrictEqual([
      'Not deployed: cdk.json holds example values. In cdk.json\'s "context", replace alexaVendorId "M0EXAMPLEVENDOR" with your vendor ID (Amazon developer console > Settings); skillId "amzn1.ask.skill.00000000-0000-0000-0000-000000000000" with your skill ID (Alexa developer console > your skill > Copy Skill ID); domainPrefix "example-alexa-linking" with a sign-in domain prefix of your own, unique in the region (e.g. "acme-alexa"). Then run cdk deploy again.',
    ]);
  });

  test('with real values deploys and carries no parameter or rule of ours', () => {
    const template = regionalTemplateFrom({ ...CDK_JSON.context, ...TEST_CONTEXT, ...regions });
    expect(deployRefusals(template, BOOTSTRAPPED)).toStrictEqual([]);
    expect(Object.keys(template.Parameters as object)).toStrictEqual(['BootstrapVersion']);
  });
});

describe('real values', () => {
  const template = templateFrom({ ...CDK_JSON.context, ...TEST_CONTEXT });

  test('deploy: nothing refuses them', () => {
    expect(deployRefusals(template, BOOTSTRAPPED)).toStrictEqual([]);
  });

  test("carry no parameter or rule beyond the CDK's bootstrap check", () => {
    expect(Object.keys(template.Parameters as object)).toStrictEqual(['BootstrapVersion']);
    expect(Object.keys(template.Rules as object)).toStrictEqual(['CheckBootstrapVersion']);
  });
});

describe('the evaluator, on the rule every CDK template carries', () => {
  const template = templateFrom(TEST_CONTEXT);

  test.each([
    [
      '5',
      [
        "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
      ],
    ],
    ['6', []],
  ])('bootstrap version %s gives %j', (version, refusals) => {
    expect(
      deployRefusals(template, { ssm: { '/cdk-bootstrap/hnb659fds/version': version } })
    ).toStrictEqual(refusals);
  });

  test('refuses a parameter the template does not declare, as CloudFormation does', () => {
    expect(deployRefusals(template, { ...BOOTSTRAPPED, parameters: { Nope: 'x' } })).toStrictEqual([
      'Parameters: [Nope] do not exist in the template',
    ]);
  });

  test('throws on a rule function it does not implement rather than passing it', () => {
    expect(() =>
      deployRefusals({
        Rules: { R: { Assertions: [{ Assert: { 'Fn::EachMemberIn': [[], []] } }] } },
      })
    ).toThrow('the evaluator does not implement the rule function Fn::EachMemberIn');
  });
});

test('synthesis warns about the example values of each stack that holds them', () => {
  const printed = synthOutput.join('\n');
  for (const stackName of ['AlexaAccountLinking-dev', 'AlexaAccountLinking-dev-eu-west-1']) {
    expect(printed).toContain(
      `WARNING alexaVendorId, skillId, domainPrefix still hold the example values from cdk.json: synthesis works, but cdk deploy is refused until you replace them in cdk.json's context. (Annotation)\n   ${stackName} aws-cdk-lib.Stack`
    );
  }
});
