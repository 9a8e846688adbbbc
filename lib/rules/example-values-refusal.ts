import { Annotations, CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { exampleValuesRefusal } from '../app-settings/example-values';

/**
 * Synthesis works with cdk.json's example values (the offline quick start), but CloudFormation
 * refuses to deploy them: a rule whose assertion is false while they are in the template fails
 * the change set (and a direct create or update) before any resource changes, with a message
 * naming each value. The assertion refers to a parameter, as CloudFormation's documented rules
 * do, and the parameter allows only its default, so no --parameters value lets the deploy pass.
 * A template with the user's own values has neither. Every stack of the app carries it, so a
 * regional stack deployed alone (`cdk deploy --exclusively`) is refused too.
 */
export function refuseDeployOfExampleValues(stack: Stack, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const refusal = exampleValuesRefusal(keys);
  Annotations.of(stack).addWarningV2(
    'alexa-account-linking:exampleValues',
    `${keys.join(', ')} still hold the example values from cdk.json: synthesis works, but cdk deploy is refused until you replace them in cdk.json's context.`
  );
  const inUse = new CfnParameter(stack, 'ExampleValuesInUse', {
    type: 'String',
    default: keys.join(','),
    allowedValues: [keys.join(',')],
    constraintDescription: refusal,
    description: 'The settings that still hold example values from cdk.json (set by the app)',
  });
  new CfnRule(stack, 'ExampleValuesReplaced', {
    assertions: [
      { assert: Fn.conditionEquals(inUse.valueAsString, ''), assertDescription: refusal },
    ],
  });
}
