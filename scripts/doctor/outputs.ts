/**
 * The stack outputs the doctor relies on, checked before any request: a malformed one becomes a
 * failed row that names it, rather than a bare "Invalid URL". Pure.
 */
export interface OutputProblem {
  readonly output: string;
  readonly problem: string;
}

const isUrl = (value: string, https = true) => {
  try {
    const url = new URL(value);
    return !https || url.protocol === 'https:';
  } catch {
    return false;
  }
};
const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const isHost = (value: string) =>
  value.length <= 253 &&
  value.split('.').every((label) => /^[a-z0-9-]{1,63}$/i.test(label) && !/^-|-$/.test(label));
const USER_POOL_ID = /^[a-z]{2}-[a-z]+-[a-z]*-?\d_[A-Za-z0-9]+$/;

const RULES: Readonly<Record<string, { valid: (value: string) => boolean; expected: string }>> = {
  AuthorizationUri: { valid: (v) => isUrl(v), expected: 'an https URL' },
  // Its scheme and host are judged by the token endpoint check, which says why it is refused.
  AccessTokenUri: { valid: (v) => isUrl(v, false), expected: 'a URL' },
  ClientId: { valid: (v) => /^[\w.|-]+$/.test(v), expected: 'a client ID' },
  Scopes: { valid: (v) => list(v).length > 0, expected: 'a comma-separated list of scopes' },
  DomainList: {
    valid: (v) => list(v).length > 0 && list(v).every(isHost),
    expected: 'a comma-separated list of host names',
  },
  SkillId: { valid: (v) => v.startsWith('amzn1.ask.skill.'), expected: 'an Alexa skill ID' },
  UserPoolId: { valid: (v) => USER_POOL_ID.test(v), expected: 'a user pool ID (<region>_<id>)' },
  ClientSecretName: { valid: (v) => /^[\w/+=.@:-]+$/.test(v), expected: 'a secret name or ARN' },
  Issuer: { valid: (v) => isUrl(v), expected: 'an https URL' },
  AlexaRedirectUrls: {
    valid: (v) => list(v).length > 0 && list(v).every((u) => isUrl(u)),
    expected: 'a comma-separated list of https URLs',
  },
};

/** Each output that is missing or malformed, with what was received and what is expected. */
export function outputProblems(
  outputs: Readonly<Record<string, string>>,
  required: readonly string[] = Object.keys(RULES)
): OutputProblem[] {
  return required.flatMap((output) => {
    const value = outputs[output];
    if (value === undefined || value === '')
      return [{ output, problem: 'missing: is this an alexa-account-linking stack?' }];
    const rule = RULES[output];
    if (rule && !rule.valid(value))
      return [
        {
          output,
          problem: `malformed: received ${JSON.stringify(value)}, expected ${rule.expected}`,
        },
      ];
    return [];
  });
}
