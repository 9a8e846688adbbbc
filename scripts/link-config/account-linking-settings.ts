/**
 * Where the account-linking settings come from: a deployed stack's outputs, or a synthesized
 * template before deployment. Pure: no SDK, no I/O.
 */
import {
  SKILL_STAGES,
  type AccountLinkingRequestExtras,
  type AccountLinkingSettings,
  type SkillStage,
} from '../../lambda/link-settings/account-linking-request';

/** The linking servers a stack can front, as its LinkingServer output names them (absent: cognito). */
export const LINKING_SERVER_OUTPUTS = ['cognito', 'login-with-amazon', 'oidc'] as const;
export type LinkingServerName = (typeof LINKING_SERVER_OUTPUTS)[number];

export interface DeployedLinking extends AccountLinkingSettings {
  readonly skillId: string;
  /** Cognito only: the pool whose app client holds the secret. */
  readonly userPoolId: string;
  readonly alexaRedirectUrls: readonly string[];
  readonly linkingServer: LinkingServerName;
  /** Login with Amazon and OIDC: the Secrets Manager secret holding {"clientSecret"}. */
  readonly clientSecretName?: string;
  /** OIDC: the issuer, for its discovery document. */
  readonly issuer?: string;
  /**
   * The skill stages the stack describes (its SkillStages output; absent: development), each with
   * its optional request fields (the AccountLinkingRequestExtras output; absent: none).
   */
  readonly stages: readonly {
    readonly stage: SkillStage;
    readonly extras: AccountLinkingRequestExtras;
    /** The stage's own client (the StageClients output); absent: the stack's client. */
    readonly client?: StageClientOutput;
  }[];
}

/** One stage's own client as the StageClients output names it. */
export interface StageClientOutput {
  readonly clientId: string;
  /** Login with Amazon and OIDC: the secret holding its {"clientSecret"}. */
  readonly clientSecretName?: string;
}

const COMMON_OUTPUTS = [
  'AuthorizationUri',
  'AccessTokenUri',
  'ClientId',
  'Scopes',
  'DomainList',
  'SkillId',
  'AlexaRedirectUrls',
] as const;
const REQUIRED_OUTPUTS = [...COMMON_OUTPUTS, 'UserPoolId'] as const;
const OPTIONAL_OUTPUTS = [
  'LinkingServer',
  'ClientSecretName',
  'Issuer',
  'AuthenticationScheme',
  'SkillStages',
  'AccountLinkingRequestExtras',
  'StageClients',
];

/** The outputs a stack fronting this linking server must have. */
export function requiredOutputs(server: LinkingServerName): readonly string[] {
  switch (server) {
    case 'cognito':
      return REQUIRED_OUTPUTS;
    case 'login-with-amazon':
      return [...COMMON_OUTPUTS, 'ClientSecretName'];
    case 'oidc':
      return [...COMMON_OUTPUTS, 'ClientSecretName', 'Issuer'];
  }
}

/** The LinkingServer output, checked: absent means cognito. */
export function linkingServerOf(
  stackName: string,
  outputs: Readonly<Record<string, string>>
): LinkingServerName {
  const value = outputs.LinkingServer;
  if (value === undefined || value === '') return 'cognito';
  if ((LINKING_SERVER_OUTPUTS as readonly string[]).includes(value))
    return value as LinkingServerName;
  throw new Error(
    `Stack ${stackName} has LinkingServer output "${value}"; expected one of ${LINKING_SERVER_OUTPUTS.join(', ')}.`
  );
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** The SkillStages and AccountLinkingRequestExtras outputs, checked: absent means development only. */
export function stagesOf(
  stackName: string,
  outputs: Readonly<Record<string, string>>
): DeployedLinking['stages'] {
  const names = outputs.SkillStages ? list(outputs.SkillStages) : ['development'];
  const wrong = names.filter((name) => !(SKILL_STAGES as readonly string[]).includes(name));
  if (wrong.length > 0 || names.length === 0) {
    throw new Error(
      `Stack ${stackName} has SkillStages output "${outputs.SkillStages}"; expected development, live or development,live.`
    );
  }
  let extras: Record<string, AccountLinkingRequestExtras> = {};
  if (outputs.AccountLinkingRequestExtras) {
    try {
      extras = JSON.parse(outputs.AccountLinkingRequestExtras) as typeof extras;
    } catch {
      throw new Error(
        `Stack ${stackName} has an AccountLinkingRequestExtras output that is not JSON: was it edited by hand?`
      );
    }
  }
  const clients = stageClientsOf(stackName, outputs.StageClients);
  return [...new Set(names)].map((stage) => ({
    stage: stage as SkillStage,
    extras: extras[stage] ?? {},
    ...(clients[stage] && { client: clients[stage] }),
  }));
}

/** The StageClients output, checked: each stage's own client ID (and secret name). */
function stageClientsOf(
  stackName: string,
  value: string | undefined
): Record<string, StageClientOutput> {
  if (value === undefined || value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const entries = parsed !== null && typeof parsed === 'object' ? Object.entries(parsed) : [];
  const wellFormed =
    entries.length > 0 &&
    entries.every(
      ([, c]) =>
        typeof (c as StageClientOutput)?.clientId === 'string' &&
        ['string', 'undefined'].includes(typeof (c as StageClientOutput).clientSecretName)
    );
  if (!wellFormed) {
    throw new Error(
      `Stack ${stackName} has a StageClients output that is not {"<stage>": {"clientId": "...", "clientSecretName"?: "..."}}: was it edited by hand?`
    );
  }
  return Object.fromEntries(entries) as Record<string, StageClientOutput>;
}

/** The settings from a stack's outputs, as CloudFormation's DescribeStacks returns them. */
export function settingsFromOutputs(
  stackName: string,
  outputs: Readonly<Record<string, string>>
): DeployedLinking {
  const linkingServer = linkingServerOf(stackName, outputs);
  const missing = requiredOutputs(linkingServer).filter((key) => !outputs[key]);
  if (missing.length > 0) {
    throw new Error(
      `Stack ${stackName} has no ${missing.join(', ')} output(s): is it an alexa-account-linking stack, deployed with this version?`
    );
  }
  const get = (key: string) => outputs[key] ?? '';
  return {
    linkingServer,
    clientSecretName: outputs.ClientSecretName,
    issuer: outputs.Issuer,
    accessTokenScheme: /request body/i.test(outputs.AuthenticationScheme ?? '')
      ? 'REQUEST_BODY_CREDENTIALS'
      : 'HTTP_BASIC',
    authorizationUrl: get('AuthorizationUri'),
    accessTokenUrl: get('AccessTokenUri'),
    clientId: get('ClientId'),
    scopes: list(get('Scopes')),
    domains: list(get('DomainList')),
    skillId: get('SkillId'),
    userPoolId: get('UserPoolId'),
    alexaRedirectUrls: list(get('AlexaRedirectUrls')),
    stages: stagesOf(stackName, outputs),
  };
}

export interface TemplateLike {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

/** A value only the deployment knows, named so the reader can see what to put in its place. */
export const placeholder = (what: string) => `REPLACE_WITH_${what}`;

/**
 * Resolves the few intrinsics the stack's outputs use (Ref, Fn::Join, Fn::Select, Fn::Split)
 * against the template. A Ref to a user pool domain is its prefix; other resources' IDs are only
 * known after deployment and become placeholders.
 */
export function resolveIntrinsic(value: unknown, template: TemplateLike, region: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const node = value as Record<string, unknown>;
  if ('Ref' in node) {
    const ref = node.Ref as string;
    if (ref === 'AWS::Region') return region;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    const resource = template.Resources[ref];
    if (resource?.Type === 'AWS::Cognito::UserPoolDomain')
      return String(resource.Properties?.Domain);
    return placeholder(`${ref}_AFTER_DEPLOY`);
  }
  if ('Fn::GetAtt' in node) {
    const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
    return placeholder(`${logicalId}_${attribute}_AFTER_DEPLOY`);
  }
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolveIntrinsic(part, template, region)).join(separator);
  }
  if ('Fn::Select' in node) {
    const [index, list] = node['Fn::Select'] as [number, unknown];
    const items = resolveList(list, template, region);
    return items[Number(index)] ?? '';
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} without deploying.`);
}

function resolveList(value: unknown, template: TemplateLike, region: string): string[] {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsic(v, template, region));
  const node = value as Record<string, unknown>;
  if ('Fn::Split' in node) {
    const [separator, source] = node['Fn::Split'] as [string, unknown];
    return resolveIntrinsic(source, template, region).split(separator);
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} as a list without deploying.`);
}

/** The settings as far as a synthesized template knows them; the client ID waits for the deployment. */
export function settingsFromTemplate(template: TemplateLike, region: string): DeployedLinking {
  const outputs = Object.fromEntries(
    [...REQUIRED_OUTPUTS, ...OPTIONAL_OUTPUTS].flatMap((key) => {
      const output = template.Outputs?.[key];
      if (!output) return [];
      // A client ID that is the Ref of a Cognito client: say which output holds it after deploying.
      return [
        [
          key,
          key === 'ClientId' && typeof output.Value !== 'string'
            ? placeholder('ClientId_OUTPUT_AFTER_DEPLOY')
            : resolveIntrinsic(output.Value, template, region),
        ],
      ];
    })
  );
  return settingsFromOutputs('(synthesized template)', outputs);
}

export function askCliCommand(skillId: string, file: string, stage = 'development'): string {
  return `ask smapi update-account-linking-info -s ${skillId} -g ${stage} --account-linking-request file:${file}`;
}
