/**
 * Evaluates the resource policies of a synthesized template as AWS would once deployed: the
 * template's intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub) are resolved to concrete names in a
 * chosen account and region, and each request is run through @cloud-copilot/iam-simulate, a full
 * IAM policy evaluator (service principals, resource policies, condition operators, explicit
 * denies). A test asks "may this principal do this, with this context?", not "is this statement
 * in the template?".
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Json } from './template';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** Where the stack is deployed in the simulation. */
export interface DeployedEnv {
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  readonly partition?: string;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface TemplateJson {
  readonly Resources: Record<string, TemplateResource>;
}

/** What a resource's Ref and Fn::GetAtt resolve to once deployed. */
interface Deployed {
  readonly ref: string;
  readonly attributes: Record<string, string>;
}

/**
 * A name CloudFormation generates for a resource without an explicit one:
 * `<stack name>-<logical ID>-<random suffix>` (the suffix is 12 or 13 upper-case letters and digits).
 */
export function generatedName(env: DeployedEnv, logicalId: string): string {
  return `${env.stackName}-${logicalId}-1A2B3C4D5E6F7`;
}

/** The physical names and ARNs of the resources whose policies the tests read. */
function deployedResources(template: TemplateJson, env: DeployedEnv): Map<string, Deployed> {
  const partition = env.partition ?? 'aws';
  const arn = (service: string, resource: string) =>
    `arn:${partition}:${service}:${env.region}:${env.account}:${resource}`;
  const deployed = new Map<string, Deployed>();
  let keyNumber = 0;
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::SNS::Topic': {
        const name =
          typeof props.TopicName === 'string' ? props.TopicName : generatedName(env, logicalId);
        const topicArn = arn('sns', name);
        deployed.set(logicalId, {
          ref: topicArn,
          attributes: { TopicArn: topicArn, TopicName: name },
        });
        break;
      }
      case 'AWS::KMS::Key': {
        keyNumber += 1;
        const keyId = `1234abcd-12ab-34cd-56ef-${String(keyNumber).padStart(12, '0')}`;
        deployed.set(logicalId, {
          ref: keyId,
          attributes: { Arn: arn('kms', `key/${keyId}`), KeyId: keyId },
        });
        break;
      }
      case 'AWS::CloudWatch::Alarm': {
        const name =
          typeof props.AlarmName === 'string' ? props.AlarmName : generatedName(env, logicalId);
        deployed.set(logicalId, {
          ref: name,
          attributes: { Arn: arn('cloudwatch', `alarm:${name}`) },
        });
        break;
      }
    }
  }
  return deployed;
}

/** The template's intrinsics in `node` replaced by concrete values; throws on one it cannot resolve. */
export function resolveIntrinsics(node: Json, template: TemplateJson, env: DeployedEnv): Json {
  const deployed = deployedResources(template, env);
  const pseudo: Record<string, string> = {
    'AWS::AccountId': env.account,
    'AWS::Region': env.region,
    'AWS::Partition': env.partition ?? 'aws',
    'AWS::StackName': env.stackName,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const ref = (name: string): string => {
    const value = pseudo[name] ?? deployed.get(name)?.ref;
    if (value === undefined) throw new Error(`cannot resolve Ref ${name}`);
    return value;
  };
  const getAtt = (logicalId: string, attribute: string): string => {
    const value = deployed.get(logicalId)?.attributes[attribute];
    if (value === undefined) throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute}`);
    return value;
  };
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = value[key] as Json;
      if (key === 'Ref') return ref(arg as string);
      if (key === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAtt(id as string, attribute as string);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, Json[]];
        return (resolve(parts) as Json[]).map(String).join(separator);
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = (typeof arg === 'string' ? [arg, {}] : arg) as [
          string,
          Record<string, Json>,
        ];
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in variables) return String(resolve(variables[name] as Json));
          const [id, attribute] = name.split('.');
          return attribute === undefined ? ref(name) : getAtt(id as string, attribute);
        });
      }
      if (key.startsWith('Fn::')) throw new Error(`cannot resolve ${key}`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(node);
}

/** The deployed ARN of every resource of `type` (its Arn attribute, or its Ref for a topic). */
export function deployedArns(template: TemplateJson, env: DeployedEnv, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId]) =>
      resolveIntrinsics(
        type === 'AWS::SNS::Topic' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, 'Arn'] },
        template,
        env
      )
    ) as string[];
}

/** The one resource of `type` in the template, with its logical ID. */
function onlyOf(template: TemplateJson, type: string): [string, TemplateResource] {
  const found = Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, TemplateResource];
}

/** The policy of the template's one SNS topic policy, resolved, and the topic it applies to. */
export function topicPolicy(
  template: TemplateJson,
  env: DeployedEnv
): { policy: Json; topicArn: string } {
  const [, resource] = onlyOf(template, 'AWS::SNS::TopicPolicy');
  const props = resource.Properties as { PolicyDocument: Json; Topics: Json[] };
  const topics = resolveIntrinsics(props.Topics, template, env) as string[];
  if (topics.length !== 1)
    throw new Error(`expected the policy on one topic, found ${topics.length}`);
  return {
    policy: resolveIntrinsics(props.PolicyDocument, template, env),
    topicArn: topics[0] as string,
  };
}

/** The key policy of the template's one KMS key, resolved, and the key's ARN. */
export function keyPolicy(
  template: TemplateJson,
  env: DeployedEnv
): { policy: Json; keyArn: string } {
  const [logicalId, resource] = onlyOf(template, 'AWS::KMS::Key');
  return {
    policy: resolveIntrinsics(
      (resource.Properties as { KeyPolicy: Json }).KeyPolicy,
      template,
      env
    ),
    keyArn: resolveIntrinsics({ 'Fn::GetAtt': [logicalId, 'Arn'] }, template, env) as string,
  };
}

export interface PolicyRequest {
  /** A service principal (`cloudwatch.amazonaws.com`) or an IAM ARN. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: Record<string, string>;
}

/**
 * The decision for one request against one resource policy (no identity policy: a service
 * principal has none, and an IAM principal in the tests is given none). Throws when the
 * simulator refuses the input (an unknown action, a malformed policy), so a typo cannot pass as
 * a denial.
 */
export async function decide(resourcePolicy: Json, request: PolicyRequest): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: request.context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    {}
  );
  if (result.resultType === 'error') {
    throw new Error(`the simulator refused the request: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}
