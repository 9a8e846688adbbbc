/**
 * Which form a secret setting takes (name, partial ARN, complete ARN), at the anchors of each
 * pattern, and the imported secret's SecretId and IAM resource per form. Its own file: the module
 * imports aws-cdk-lib, which the other settings suites need not load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import {
  allowGetSecretValue,
  secretIamResourceArn,
  secretIdOf,
  secretReference,
  secretReferenceForm,
} from '../../lib/app-settings/secret-reference';

describe('secretReferenceForm', () => {
  test.each([
    ['alexa/smapi', 'name'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi', 'partial-arn'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi-AbCdEf', 'complete-arn'],
    ['arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-123456', 'complete-arn'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi-AbCdE', 'partial-arn'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi-AbCdEfG', 'partial-arn'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi_AbCdEf', 'partial-arn'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:-AbCdEf', 'partial-arn'],
    ['arn:aws:secretsmanager:eu-west-1:12345678901:secret:x-AbCdEf', 'partial-arn'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdE!', 'partial-arn'],
    ['xarn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf', 'name'],
    ['arn:aws:ssm:eu-west-1:123456789012:parameter/x', 'name'],
    ['arn::secretsmanager:', 'name'],
  ])('%s is a %s', (value, form) => {
    expect(secretReferenceForm(value)).toBe(form);
  });
});

describe('secretReference', () => {
  // A stack in a known environment, resolved without synthesis.
  // Nothing is synthesized; the App still makes its output directory, so it gets one removed after.
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-reference-'));
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const stack = () =>
    new Stack(new App({ outdir }), 'S', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });

  test('a name: the name as SecretId, and the IAM resource with the six-character wildcard', () => {
    const s = stack();
    const ref = secretReference(s, 'Secret', 'alexa/smapi');
    expect(ref.form).toBe('name');
    expect(ref.secretId).toBe('alexa/smapi');
    expect(s.resolve(ref.iamResourceArn)).toStrictEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:eu-west-1:123456789012:secret:alexa/smapi-??????',
        ],
      ],
    });
  });

  test('a partial ARN: the ARN as SecretId, and the wildcard after it', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi';
    const ref = secretReference(stack(), 'Secret', arn);
    expect([ref.form, ref.secretId, ref.iamResourceArn]).toStrictEqual([
      'partial-arn',
      arn,
      `${arn}-??????`,
    ]);
  });

  test('a complete ARN: itself, for both', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi-AbCdEf';
    const ref = secretReference(stack(), 'Secret', arn);
    expect([ref.form, ref.secretId, ref.iamResourceArn]).toStrictEqual(['complete-arn', arn, arn]);
    expect(secretIdOf(ref.secret)).toBe(arn);
    expect(secretIamResourceArn(ref.secret)).toBe(arn);
  });

  test('an unresolved token is read as a name', () => {
    const s = stack();
    const name = Lazy.string({
      produce: () => 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf',
    });
    const ref = secretReference(s, 'Secret', name);
    expect(ref.form).toBe('name');
    expect(ref.secretId).toBe(name);
  });
});

describe('allowGetSecretValue', () => {
  test('gives the role GetSecretValue on that one secret, and nothing else', () => {
    const stack = new Stack(new App(), 'S', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    const role = new Role(stack, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    allowGetSecretValue(stack, 'Events', role, 'alexa/events');
    expect(
      Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).map(
        (policy) =>
          (policy as { Properties: { PolicyDocument: unknown } }).Properties.PolicyDocument
      )
    ).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'secretsmanager:GetSecretValue',
            Effect: 'Allow',
            // The secret's partial ARN (partition token) and the six suffix characters.
            Resource: {
              'Fn::Join': [
                '',
                expect.arrayContaining([expect.stringMatching(/:secret:alexa\/events-\?{6}$/)]),
              ],
            },
          },
        ],
      },
    ]);
  });
});
