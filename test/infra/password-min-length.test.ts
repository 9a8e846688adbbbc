import { passwordMinLengthSetting } from '../../lib/app-settings/password-min-length';
import { synthAccountLinkingStack } from '../support/infra';

const minimumLength = (template: ReturnType<typeof synthAccountLinkingStack>['template']) =>
  (
    Object.values(template.findResources('AWS::Cognito::UserPool'))[0] as {
      Properties: { Policies: { PasswordPolicy: { MinimumLength: number } } };
    }
  ).Properties.Policies.PasswordPolicy.MinimumLength;

describe('passwordMinLength', () => {
  test('defaults to 8, leaving the pool as before', () => {
    expect(minimumLength(synthAccountLinkingStack().template)).toBe(8);
  });

  test.each([15, '15', 99])("%j sets the pool's minimum length", (value) => {
    expect(minimumLength(synthAccountLinkingStack({ passwordMinLength: value }).template)).toBe(
      Number(value)
    );
  });

  test('surrounding spaces from the command line are forgiven', () => {
    expect(passwordMinLengthSetting(' 15 ')).toBe(15);
  });

  test.each([7, '7', 100, 12.5, 'fifteen', true])('fails when it is %j', (value) => {
    expect(() => passwordMinLengthSetting(value)).toThrow(
      /^Invalid passwordMinLength: received .*\. Expected a whole number from 8 to 99 \(e\.g\. 15/
    );
  });
});
