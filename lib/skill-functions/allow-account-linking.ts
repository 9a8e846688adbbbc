import { Stack, Token } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { METRICS_STAGE_VARIABLE } from '../../lambda/core/metric-names';
import { assertIsSkillId } from '../app-settings/app-settings';
import type { SkillType } from '../app-settings/skill-type-settings';
import type { AlexaLinkingServer } from '../identity/alexa-linking-server';
import { assertIsMetricsStage } from '../observability/metrics-stage';

/**
 * Who may invoke a skill's function, per kind of skill, each only for the skill's ID. The IDs are
 * the permissions' construct IDs under the function: SkillFunction and SmartHomeFunction add them
 * through here too, so their logical IDs stay what they were.
 */
const ALEXA_INVOKERS: Record<SkillType, readonly { id: string; principal: string }[]> = {
  custom: [{ id: 'AlexaSkillInvoke', principal: 'alexa-appkit.amazon.com' }],
  'smart-home': [
    { id: 'AlexaSmartHomeInvoke', principal: 'alexa-connectedhome.amazon.com' },
    // The skill's events endpoint (SkillEnabled, SkillDisabled, SkillAccountLinked) is the same
    // function: skill events come from the Alexa Skills Kit service, not the smart home one.
    { id: 'AlexaSkillEventsInvoke', principal: 'alexa-appkit.amazon.com' },
  ],
};

/**
 * Lets Alexa invoke `fn` for `skillId` only: the Alexa Skills Kit service for a custom skill; for
 * a smart home skill, the smart home service (directives) and the Alexa Skills Kit service (skill
 * events).
 */
export function allowAlexaToInvoke(
  fn: LambdaFunction,
  skillType: SkillType,
  skillId: string
): void {
  for (const { id, principal } of ALEXA_INVOKERS[skillType]) {
    // Scoped by skill ID (EventSourceToken): no other skill, and no other Alexa customer, can
    // invoke the function. It is also what lets the function trust a skill event enough to erase
    // a user's data on it.
    fn.addPermission(id, {
      principal: new ServicePrincipal(principal),
      action: 'lambda:InvokeFunction',
      eventSourceToken: skillId,
    });
  }
}

/** Props of allowAccountLinking. */
export interface AllowAccountLinkingProps {
  /** The skill's ID: only requests for this skill may invoke the function. */
  readonly skillId: string;

  /**
   * The server whose access tokens the function verifies: `AlexaAccountLinking` (Cognito),
   * `LoginWithAmazonLinkingServer` or `OidcLinkingServer`.
   */
  readonly linkingServer: Pick<AlexaLinkingServer, 'functionEnvironment' | 'linkingServerName'>;

  /**
   * Which Alexa service sends the function its requests.
   * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/steps-to-build-a-smart-home-skill.html
   * @default 'custom'
   */
  readonly skillType?: SkillType;

  /**
   * The stage the function's metrics carry as their `Stage` dimension (`SKILL_STAGE`); give
   * SkillObservability the same one.
   * @default - the function's stack's name
   */
  readonly stage?: string;
}

/**
 * Gives a Lambda function defined elsewhere in your app (a `Function` or `NodejsFunction` of
 * yours) what SkillFunction and SmartHomeFunction give theirs to verify every request's token
 * against a linking server:
 * - the environment: `SKILL_ID`, `LINKING_SERVER` and the server's own variables (e.g. for
 *   Cognito `USER_POOL_ID`, `USER_POOL_CLIENT_ID`, `SIGN_IN_DOMAIN_URL`), and `SKILL_STAGE`;
 * - the invoke permission for Alexa, scoped to `skillId` (see allowAlexaToInvoke).
 * Nothing else: the function's role, logs, memory and timeout stay yours. A function imported by
 * ARN cannot take environment variables; deploy it in the app, or set them where it is defined.
 */
export function allowAccountLinking(fn: LambdaFunction, props: AllowAccountLinkingProps): void {
  if (!Token.isUnresolved(props.skillId)) assertIsSkillId(props.skillId);
  const stage = props.stage ?? Stack.of(fn).stackName;
  if (!Token.isUnresolved(stage)) assertIsMetricsStage(stage);
  const skillType = props.skillType ?? 'custom';
  const [first] = ALEXA_INVOKERS[skillType];
  if (first && fn.permissionsNode.tryFindChild(first.id)) {
    throw new Error(
      `allowAccountLinking was already called for ${fn.node.path}: a function serves one skill.`
    );
  }

  const environment = {
    SKILL_ID: props.skillId,
    // Stated even for Cognito, where the prebuilt skills read its absence as cognito: code built
    // elsewhere should not depend on that default.
    LINKING_SERVER: props.linkingServer.linkingServerName,
    ...props.linkingServer.functionEnvironment,
    [METRICS_STAGE_VARIABLE]: stage,
  };
  for (const [name, value] of Object.entries(environment)) fn.addEnvironment(name, value);
  allowAlexaToInvoke(fn, skillType, props.skillId);
}
