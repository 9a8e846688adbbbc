/**
 * Which form a secret setting takes (name, partial ARN, complete ARN), at the anchors of each
 * pattern. Its own file: the module imports aws-cdk-lib, which other settings suites need not load.
 */
import { secretReferenceForm } from '../../lib/app-settings/secret-reference';

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
