/** The skill's settings, read once per container from the environment the stack sets. */
export interface SkillConfig {
  readonly skillId: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** Base URL of the sign-in domain, e.g. https://acme.auth.us-east-1.amazoncognito.com */
  readonly signInDomainUrl: string;
}

export class SkillConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkillConfigError';
  }
}

const SKILL_ID = /^amzn1\.ask\.skill\.[0-9a-f-]{36}$/;
const USER_POOL_ID = /^[a-z]{2}-[a-z0-9-]+_[A-Za-z0-9]+$/;
const CLIENT_ID = /^[a-z0-9]{1,128}$/;

export function loadSkillConfig(env: Readonly<Record<string, string | undefined>>): SkillConfig {
  return {
    skillId: variable(env, 'SKILL_ID', SKILL_ID, 'amzn1.ask.skill.<uuid>'),
    userPoolId: variable(
      env,
      'USER_POOL_ID',
      USER_POOL_ID,
      '<region>_<id>, e.g. us-east-1_AbCdEf123'
    ),
    userPoolClientId: variable(
      env,
      'USER_POOL_CLIENT_ID',
      CLIENT_ID,
      'the app client ID (lower-case letters and digits)'
    ),
    signInDomainUrl: signInDomainUrl(env.SIGN_IN_DOMAIN_URL),
  };
}

function variable(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  shape: RegExp,
  expected: string
): string {
  const value = env[name];
  if (value === undefined || !shape.test(value)) {
    throw new SkillConfigError(
      `Environment variable ${name} is ${value === undefined ? 'missing' : `"${value}"`}; expected ${expected}.`
    );
  }
  return value;
}

// http is accepted only on loopback, for local tests against a stand-in server.
function signInDomainUrl(value: string | undefined): string {
  let url: URL | undefined;
  try {
    url = value === undefined ? undefined : new URL(value);
  } catch {
    url = undefined;
  }
  const loopback = url?.hostname === '127.0.0.1' || url?.hostname === 'localhost';
  if (
    !url ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) ||
    url.pathname !== '/'
  ) {
    throw new SkillConfigError(
      `Environment variable SIGN_IN_DOMAIN_URL is ${value === undefined ? 'missing' : `"${value}"`}; expected the sign-in domain's base URL, e.g. https://acme.auth.us-east-1.amazoncognito.com.`
    );
  }
  return url.origin;
}
