import { Validations, type Stack } from 'aws-cdk-lib';
import { FeaturePlan, Mfa, type CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import { AlexaAccountLinking } from '../identity/alexa-account-linking';

/**
 * cdk-nag findings this app accepts, each acknowledged on the resource it concerns with the reason
 * it is right for an Alexa skill. Only findings that the configuration actually produces are
 * acknowledged, so turning MFA to required or the Plus plan on makes the acknowledgement go away.
 */
export function acknowledgeNagFindings(stack: Stack): void {
  for (const linking of stack.node.findAll().filter((c) => c instanceof AlexaAccountLinking)) {
    const pool = linking.userPool.node.defaultChild as CfnUserPool;
    if (pool.mfaConfiguration !== Mfa.REQUIRED) {
      Validations.of(linking.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP) rather than required: users link from a phone in the Alexa app, and requiring an authenticator app at that moment makes many give up. Set mfa to "required" where policy demands it.',
      });
    }
    if (pool.userPoolTier !== FeaturePlan.PLUS) {
      Validations.of(linking.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'The Essentials plan is the default to keep cost per user low; threat protection needs the Plus plan, which featurePlan "plus" turns on with full-function threat protection.',
      });
    }
  }
}
