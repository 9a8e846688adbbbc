import { Annotations, CfnResource, Stack, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { checkAlexaClient, checkUserPool, isAlexaClient, type RuleFinding } from './linking-rules';

/**
 * Turns the Alexa account-linking rules into synthesis errors and warnings for any app:
 * `Aspects.of(app).add(new AlexaLinkingRules())`. The constructs of this project add it to
 * themselves; it checks each resource once however often it is added.
 *
 * It reads the resource as it will be deployed, so escape hatches and property overrides are
 * checked too. Errors: an Alexa client (one whose callback URLs include an Alexa redirect URL)
 * without the code grant only, without a secret, without `openid`, missing a regional redirect URL,
 * with access tokens under 6 minutes or with refresh token rotation. Warnings: refresh tokens under
 * 365 days, a user pool that is not retained.
 *
 * Resources are recognized by their CloudFormation type (`CfnResource.isCfnResource` and
 * `cfnResourceType`), never with `instanceof`: an app whose tree holds more than one copy of
 * aws-cdk-lib (this package's and the app's) is checked just the same.
 */
export class AlexaLinkingRules implements IAspect {
  private static readonly checked = new WeakSet<IConstruct>();

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const type = node.cfnResourceType;
    if (type !== USER_POOL && type !== USER_POOL_CLIENT) return;
    if (AlexaLinkingRules.checked.has(node)) return;
    AlexaLinkingRules.checked.add(node);

    const resource = deployedResource(node);
    const findings =
      type === USER_POOL
        ? checkUserPool(resource.DeletionPolicy as string | undefined)
        : isAlexaClient(resource.Properties ?? {})
          ? checkAlexaClient(resource.Properties ?? {})
          : [];
    for (const finding of findings) report(node, finding);
  }
}

const USER_POOL = 'AWS::Cognito::UserPool';
const USER_POOL_CLIENT = 'AWS::Cognito::UserPoolClient';

function deployedResource(node: CfnResource): {
  Properties?: Record<string, unknown>;
  DeletionPolicy?: unknown;
} {
  const stack = Stack.of(node);
  // The same rendering `cdk synth` writes, overrides included.
  const rendered = stack.resolve(
    (node as unknown as { _toCloudFormation(): unknown })._toCloudFormation()
  ) as {
    Resources: Record<string, { Properties?: Record<string, unknown>; DeletionPolicy?: unknown }>;
  };
  return Object.values(rendered.Resources)[0] ?? {};
}

function report(node: IConstruct, finding: RuleFinding): void {
  const id = `alexa-account-linking:${finding.id}`;
  if (finding.level === 'error') Annotations.of(node).addError(`[${id}] ${finding.message}`);
  else Annotations.of(node).addWarningV2(id, finding.message);
}
