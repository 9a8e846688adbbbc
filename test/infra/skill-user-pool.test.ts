import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { FeaturePlan, Mfa, StandardThreatProtectionMode } from 'aws-cdk-lib/aws-cognito';
import { SkillUserPool } from '../../lib/identity/skill-user-pool';
import { newStack } from '../support/infra';

describe('SkillUserPool', () => {
  test('signs users in by email, lets them sign up and recover by verified email only', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SkillUserPool(stack, 'Pool');
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Schema: Match.arrayWith([
        { Name: 'email', Required: true, Mutable: true },
        { Name: 'given_name', Required: true, Mutable: true },
      ]),
    });
  });

  test('requires 8+ characters with every character class', () => {
    const stack = newStack();
    new SkillUserPool(stack, 'Pool');
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  test('offers optional TOTP MFA and never SMS by default', () => {
    const stack = newStack();
    new SkillUserPool(stack, 'Pool');
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      SmsConfiguration: Match.absent(),
    });
  });

  test.each([
    [Mfa.OFF, 'OFF', Match.absent()],
    [Mfa.REQUIRED, 'ON', ['SOFTWARE_TOKEN_MFA']],
  ])('MFA can be set to %s', (mfa, configuration, enabled) => {
    const stack = newStack();
    new SkillUserPool(stack, 'Pool', { mfa });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: configuration,
      EnabledMfas: enabled,
    });
  });

  test('is retained and deletion-protected by default, with no warning', () => {
    const stack = newStack();
    new SkillUserPool(stack, 'Pool');
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('warns when the pool is not retained or not deletion-protected', () => {
    const stack = newStack();
    new SkillUserPool(stack, 'Pool', {
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
    });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/TestStack/Pool', Match.stringLikeRegexp('deletionProtection is off'));
    annotations.hasWarning(
      '/TestStack/Pool/Resource',
      Match.stringLikeRegexp(
        'DeletionPolicy is Delete: removing it from the stack deletes every account'
      )
    );
  });

  test('uses the Essentials plan by default and the Plus plan with full threat protection on request', () => {
    const essentials = newStack();
    new SkillUserPool(essentials, 'Pool');
    Template.fromStack(essentials).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });

    const plus = newStack();
    new SkillUserPool(plus, 'Pool', { featurePlan: FeaturePlan.PLUS });
    Template.fromStack(plus).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('fails when threat protection is asked for without the Plus plan', () => {
    const stack = newStack();
    expect(
      () =>
        new SkillUserPool(stack, 'Pool', {
          threatProtection: StandardThreatProtectionMode.FULL_FUNCTION,
        })
    ).toThrow(
      /Invalid threatProtection: received "ENFORCED"\. Expected no threat protection on the ESSENTIALS feature plan; set featurePlan to FeaturePlan.PLUS/
    );
  });
});
