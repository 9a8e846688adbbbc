/**
 * The token lifetimes the app is configured with, read from its synthesized template (so every
 * setting, default and escape hatch that shapes the Alexa app client counts), or the linking
 * server's fixed lifetime when the app has no Alexa client of its own.
 */
import { SECONDS_PER_UNIT, isAlexaClient } from '../rules/linking-rules';
import type { TokenLifetimes } from './capacity-plan';
import { LWA_ACCESS_TOKEN_SECONDS, LWA_ACCESS_TOKEN_SOURCE, type LinkingServer } from './quotas';

interface TemplateLike {
  readonly Resources?: Readonly<
    Record<string, { readonly Type?: string; readonly Properties?: Record<string, unknown> }>
  >;
}

/** Cognito's own defaults when a lifetime or its unit is left out of the template. */
const COGNITO_DEFAULTS = {
  AccessToken: { property: 'AccessTokenValidity', unit: 'hours', amount: 1 },
  RefreshToken: { property: 'RefreshTokenValidity', unit: 'days', amount: 30 },
} as const;

function lifetimeSeconds(
  props: Record<string, unknown>,
  token: keyof typeof COGNITO_DEFAULTS
): number {
  const defaults = COGNITO_DEFAULTS[token];
  const amount = props[defaults.property] ?? defaults.amount;
  const unit =
    (props.TokenValidityUnits as Record<string, unknown> | undefined)?.[token] ?? defaults.unit;
  const seconds = typeof unit === 'string' ? SECONDS_PER_UNIT[unit] : undefined;
  if (typeof amount !== 'number' || seconds === undefined) {
    throw new Error(
      `The Alexa app client's ${defaults.property} is not a plain value (${JSON.stringify(amount)} ${JSON.stringify(unit)}); the capacity plan needs it resolved at synth time.`
    );
  }
  return amount * seconds;
}

/** The Alexa app client's lifetimes in a synthesized template, if it has exactly one such client. */
export function tokenLifetimesFromTemplate(
  template: TemplateLike,
  templateName: string
): TokenLifetimes | undefined {
  const clients = Object.entries(template.Resources ?? {}).filter(
    ([, r]) => r.Type === 'AWS::Cognito::UserPoolClient' && isAlexaClient(r.Properties ?? {})
  );
  if (clients.length === 0) return undefined;
  if (clients.length > 1) {
    throw new Error(
      `${templateName} has ${clients.length} Alexa app clients (${clients.map(([id]) => id).join(', ')}); expected one.`
    );
  }
  const [logicalId, client] = clients[0] as [string, { Properties?: Record<string, unknown> }];
  const props = client.Properties ?? {};
  return {
    accessTokenSeconds: lifetimeSeconds(props, 'AccessToken'),
    refreshTokenSeconds: lifetimeSeconds(props, 'RefreshToken'),
    source: `${templateName} ${logicalId}`,
  };
}

/**
 * The lifetimes the plan uses: the template's Alexa client for Cognito, Amazon's fixed hour for
 * Login with Amazon, and for an OIDC server (which the template does not describe) the lifetime
 * the operator states, or an assumed hour.
 */
export function configuredTokenLifetimes(
  linkingServer: LinkingServer,
  fromTemplate: TokenLifetimes | undefined,
  statedAccessTokenSeconds?: number
): TokenLifetimes {
  if (statedAccessTokenSeconds !== undefined) {
    return { accessTokenSeconds: statedAccessTokenSeconds, source: '--access-token-seconds' };
  }
  switch (linkingServer) {
    case 'cognito':
      if (fromTemplate === undefined) {
        throw new Error(
          'linkingServer is cognito but the synthesized app has no Alexa app client; check the app settings.'
        );
      }
      return fromTemplate;
    case 'login-with-amazon':
      return { accessTokenSeconds: LWA_ACCESS_TOKEN_SECONDS, source: LWA_ACCESS_TOKEN_SOURCE };
    case 'oidc':
      return {
        accessTokenSeconds: 3600,
        source: 'assumed 1 hour: pass --access-token-seconds with your OIDC server’s lifetime',
      };
  }
}
