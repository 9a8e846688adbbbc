/**
 * npm run doctor: checks a deployed stack against what Alexa needs and says what to fix.
 * See DOCTOR_COMMAND for the options. Exits 1 if any check fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseLwaCredentials } from '../../lambda/link-settings/account-linking-request';
import type { SmapiClient } from '../../lambda/link-settings/smapi-client';
import { helpText, oneOfOption, parseCommandLine, type CommandSpec } from '../cli';
import {
  linkingServerOf,
  requiredOutputs,
  settingsFromOutputs,
  type DeployedLinking,
  type LinkingServerName,
} from '../link-config/account-linking-settings';
import {
  SKILL_STAGES,
  clientSecretFor,
  defaultStackName,
  deployedOutputs,
} from '../link-config/command';
import { exchangesOf, summarizeExchanges } from '../linking-log/exchanges';
import type { ExchangeLogReader } from '../linking-log/command';
import {
  ALEXA_TOKEN_LATENCY_BUDGET_MS,
  formatResults,
  runChecks,
  type CheckResult,
} from './checks';
import {
  certificateCheck,
  exchangeSummaryCheck,
  redirectUrlsCheck,
  type CertificateFacts,
} from './linking-checks';
import { outputProblems } from './outputs';
import { tokenEndpointVerdict, type TokenEndpointVerdict } from './token-endpoint';

export interface DoctorDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly secrets: SecretsManagerClient;
  readonly smapi: SmapiClient;
  readonly cwd: string;
  readonly print: (text: string) => void;
  /** Where Cognito publishes key sets. @default https://cognito-idp.<region>.amazonaws.com */
  readonly cognitoIdpUrl?: (region: string) => string;
  readonly tokenLatencyBudgetMs?: number;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** Reads a host's TLS certificate (certificate-probe.ts). @default - no certificate rows */
  readonly inspectCertificate?: (host: string) => Promise<CertificateFacts>;
  /** Reads the recorder's log (linking-log). @default - no exchange summary row */
  readonly readLog?: ExchangeLogReader;
  readonly now?: () => number;
}

export const DOCTOR_COMMAND: CommandSpec = {
  usage: 'npm run doctor --',
  summary: [
    'Checks a deployed stack against what Alexa needs and prints a table of check, result and fix;',
    'exits 1 if any check fails. It only reads: a bogus authorization code proves the client',
    "credentials without linking anyone, and the client secret is sent only to the linking server's own",
    'https token endpoint. Needs AWS credentials and a region.',
  ].join('\n'),
  options: {
    stack: {
      type: 'string',
      value: '<name>',
      description: 'the deployed stack (default: AlexaAccountLinking-<stage from cdk.json>)',
    },
    'smapi-secret': {
      type: 'string',
      value: '<name or ARN>',
      description:
        "a Secrets Manager secret with Skill Management API credentials, to compare the skill's settings (default: smapiCredentialsSecret from cdk.json)",
    },
    'redirect-urls': {
      type: 'string',
      value: '<url,url,url>',
      description:
        "the allowed callback URLs as registered at a Login with Amazon or OIDC server, to compare with Alexa's three (Cognito's are read from the app client)",
    },
    'skill-stage': {
      type: 'string',
      value: '<stage>',
      default: 'development',
      description: `the skill stage to compare: ${SKILL_STAGES.join(', ')}`,
    },
  },
  examples: [
    'npm run doctor',
    'npm run doctor -- --stack AlexaAccountLinking-prod --smapi-secret alexa/smapi-credentials --skill-stage live',
  ],
  renamed: { stage: '--skill-stage (development, live or certification)' },
};

function smapiSecretFromCdkJson(cwd: string): string | undefined {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return undefined;
  return (
    JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: { smapiCredentialsSecret?: string } }
  ).context?.smapiCredentialsSecret;
}

/** The domains Cognito itself reports for the pool, each confirmed to belong to it. */
async function poolDomains(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string
): Promise<string[]> {
  const region = userPoolId.split('_')[0] as string;
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  const domains: string[] = [];
  for (const [domain, host] of [
    [UserPool?.Domain, `${UserPool?.Domain}.auth.${region}.amazoncognito.com`],
    [UserPool?.CustomDomain, UserPool?.CustomDomain],
  ] as const) {
    if (!domain || !host) continue;
    const { DomainDescription } = await cognito.send(
      new DescribeUserPoolDomainCommand({ Domain: domain })
    );
    if (DomainDescription?.UserPoolId === userPoolId) domains.push(host);
  }
  return domains;
}

/**
 * The OIDC issuer's discovery document: its issuer must be the Issuer output, and it names the
 * token endpoint (whose host the client secret may go to) and the key set.
 */
async function discover(
  issuer: string,
  fetchImpl: typeof fetch
): Promise<{ row: CheckResult; tokenEndpoint?: string; jwksUri?: string }> {
  const check = 'OIDC discovery';
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const fix = 'Check the Issuer output: it must be the https issuer that publishes this document.';
  try {
    const response = await fetchImpl(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    const document = (await response.json().catch(() => ({}))) as {
      issuer?: unknown;
      token_endpoint?: unknown;
      jwks_uri?: unknown;
    };
    if (response.status !== 200 || document.issuer !== issuer) {
      return {
        row: {
          check,
          result: 'fail',
          detail: `HTTP ${response.status}, issuer ${JSON.stringify(document.issuer ?? null)}`,
          fix,
        },
      };
    }
    return {
      row: { check, result: 'pass', detail: `${url} names the issuer` },
      tokenEndpoint:
        typeof document.token_endpoint === 'string' ? document.token_endpoint : undefined,
      jwksUri: typeof document.jwks_uri === 'string' ? document.jwks_uri : undefined,
    };
  } catch (error) {
    return {
      row: { check, result: 'fail', detail: `no answer (${(error as Error).message})`, fix },
    };
  }
}

export async function runDoctor(argv: string[], deps: DoctorDependencies): Promise<number> {
  const parsed = parseCommandLine(argv, DOCTOR_COMMAND);
  if (parsed.help) {
    deps.print(helpText(DOCTOR_COMMAND));
    return 0;
  }
  const values = parsed.values as {
    stack?: string;
    'smapi-secret'?: string;
    'redirect-urls'?: string;
    'skill-stage': string;
  };
  const skillStage = oneOfOption('skill-stage', values['skill-stage'], SKILL_STAGES);
  const stackName = values.stack ?? defaultStackName(deps.cwd);
  const outputs = await deployedOutputs(deps.cloudFormation, stackName);

  const report = (results: CheckResult[], about: string) => {
    deps.print(`Doctor for stack ${stackName}${about}\n${formatResults(results)}`);
    const failed = results.filter((r) => r.result === 'fail').length;
    const warned = results.filter((r) => r.result === 'warn').length;
    const warnings = warned > 0 ? ` ${warned} warning(s).` : '';
    deps.print(
      failed === 0 ? `All checks passed.${warnings}` : `${failed} check(s) failed.${warnings}`
    );
    return failed === 0 ? 0 : 1;
  };

  let server: LinkingServerName;
  try {
    server = linkingServerOf(stackName, outputs);
  } catch (error) {
    return report(
      [
        {
          check: 'output LinkingServer',
          result: 'fail',
          detail: (error as Error).message,
          fix: 'Deploy the stack again with this version.',
        },
      ],
      ''
    );
  }
  const problems = outputProblems(outputs, requiredOutputs(server));
  if (problems.length > 0) {
    return report(
      problems.map((p) => ({
        check: `output ${p.output}`,
        result: 'fail',
        detail: p.problem,
        fix: 'Deploy the stack again with this version (npx cdk deploy), or pass --stack with the right stack.',
      })),
      ''
    );
  }
  const linking: DeployedLinking = settingsFromOutputs(stackName, outputs);
  const clientSecret = await clientSecretFor(deps, linking);
  // With the recorder on, Alexa calls the recorder, which passes the request to the server's own
  // endpoint: that one is checked, and judged like any AccessTokenUri before the secret goes to it.
  const serverTokenUrl = outputs.LinkingServerTokenUri || linking.accessTokenUrl;
  const facts = {
    server,
    accessTokenUrl: serverTokenUrl,
    authorizationUrl: linking.authorizationUrl,
    domainList: linking.domains,
  };

  let tokenEndpoint: TokenEndpointVerdict;
  let jwksUrl: string | undefined;
  const earlier: CheckResult[] = [];
  if (server === 'cognito') {
    const region = linking.userPoolId.split('_')[0] as string;
    const idp = deps.cognitoIdpUrl?.(region) ?? `https://cognito-idp.${region}.amazonaws.com`;
    jwksUrl = `${idp}/${linking.userPoolId}/.well-known/jwks.json`;
    try {
      tokenEndpoint = tokenEndpointVerdict({
        ...facts,
        poolDomains: await poolDomains(deps.cognito, linking.userPoolId),
      });
    } catch (error) {
      tokenEndpoint = {
        send: false,
        reason: `the pool's domain could not be confirmed (${(error as Error).name}: DescribeUserPool and DescribeUserPoolDomain are needed)`,
      };
    }
  } else if (server === 'oidc') {
    const discovery = await discover(linking.issuer as string, deps.fetch ?? fetch);
    earlier.push(discovery.row);
    jwksUrl = discovery.jwksUri;
    tokenEndpoint = tokenEndpointVerdict({ ...facts, configuredTokenUrl: discovery.tokenEndpoint });
  } else {
    // Login with Amazon: its token endpoint is fixed; its tokens are opaque, with no key set.
    tokenEndpoint = tokenEndpointVerdict(facts);
  }

  const secretId = values['smapi-secret'] ?? smapiSecretFromCdkJson(deps.cwd);
  let smapi;
  if (secretId) {
    const secret = await deps.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    smapi = {
      client: deps.smapi,
      credentials: parseLwaCredentials(secret.SecretString, secretId),
      stage: skillStage,
    };
  }

  const results = await runChecks(
    { linking, clientSecret, jwksUrl, tokenEndpoint, earlier },
    { smapi, tokenLatencyBudgetMs: deps.tokenLatencyBudgetMs, fetch: deps.fetch }
  );
  results.push(
    ...(await linkingChecks(deps, linking, {
      serverTokenUrl,
      redirectUrls: values['redirect-urls'],
      recorderLogGroup: outputs.TokenExchangeLogGroup,
    }))
  );
  return report(results, ` (skill ${linking.skillId})`);
}

/** The checks of what breaks linking in practice: certificates, redirect URLs, the recorder's log. */
async function linkingChecks(
  deps: DoctorDependencies,
  linking: DeployedLinking,
  more: { serverTokenUrl: string; redirectUrls?: string; recorderLogGroup?: string }
): Promise<CheckResult[]> {
  const now = (deps.now ?? Date.now)();
  const results: CheckResult[] = [];
  let registered: string[] | undefined;
  let source = '--redirect-urls';
  if (linking.linkingServer === 'cognito') {
    const { UserPoolClient } = await deps.cognito.send(
      new DescribeUserPoolClientCommand({
        UserPoolId: linking.userPoolId,
        ClientId: linking.clientId,
      })
    );
    registered = UserPoolClient?.CallbackURLs ?? [];
    source = "the app client's callback URLs";
  } else if (more.redirectUrls !== undefined) {
    registered = more.redirectUrls
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean);
  }
  results.push(redirectUrlsCheck(registered, linking.alexaRedirectUrls, source));

  if (deps.inspectCertificate) {
    const hosts = [
      ...new Set([new URL(linking.authorizationUrl).host, new URL(more.serverTokenUrl).host]),
    ];
    for (const host of hosts) {
      try {
        results.push(certificateCheck(await deps.inspectCertificate(host), new Date(now)));
      } catch (error) {
        results.push({
          check: `TLS certificate of ${host}`,
          result: 'fail',
          detail: `no TLS handshake (${(error as Error).message})`,
          fix: 'Alexa must reach the host over https on port 443.',
        });
      }
    }
  }

  if (more.recorderLogGroup && deps.readLog) {
    try {
      const rows = exchangesOf(await deps.readLog(more.recorderLogGroup, now - 86_400_000, 10_000));
      results.push(
        exchangeSummaryCheck(
          summarizeExchanges(rows),
          deps.tokenLatencyBudgetMs ?? ALEXA_TOKEN_LATENCY_BUDGET_MS
        )
      );
    } catch (error) {
      results.push({
        check: 'token exchanges (last day)',
        result: 'skip',
        detail: `the recorder's log could not be read (${(error as Error).message})`,
        fix: 'Install the AWS CLI v2 and allow logs:FilterLogEvents, or run npm run linking-log to see what is missing.',
      });
    }
  }
  return results;
}
