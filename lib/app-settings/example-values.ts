/**
 * The example values `cdk.json` ships so that `npm run synth` works offline out of the box, and
 * what the deploy refusal says while any is left. Pure: the stack turns this into a CloudFormation
 * rule that refuses the change set.
 */

/** The placeholders `cdk.json` ships with, so that `npm run synth` works out of the box. */
export const EXAMPLE_VALUES: Readonly<Record<string, string>> = {
  alexaVendorId: 'M0EXAMPLEVENDOR',
  skillId: 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000',
  domainPrefix: 'example-alexa-linking',
};

/** What each example value must become, and where the user finds it. */
export const REPLACE_EXAMPLE_WITH: Readonly<Record<string, string>> = {
  alexaVendorId: 'your vendor ID (Amazon developer console > Settings)',
  skillId: 'your skill ID (Alexa developer console > your skill > Copy Skill ID)',
  domainPrefix: 'a sign-in domain prefix of your own, unique in the region (e.g. "acme-alexa")',
};

/** The settings whose value (`valueOf(key)`) is still the example one, in EXAMPLE_VALUES order. */
export function exampleValuesIn(valueOf: (key: string) => unknown): string[] {
  return Object.keys(EXAMPLE_VALUES).filter((key) => valueOf(key) === EXAMPLE_VALUES[key]);
}

/**
 * Why a deploy is refused: each setting still holding its example value, that value, and what to
 * put in its place, in cdk.json's context, which every later command reads.
 */
export function exampleValuesRefusal(keys: readonly string[]): string {
  const each = keys.map(
    (key) => `${key} "${EXAMPLE_VALUES[key] ?? ''}" with ${REPLACE_EXAMPLE_WITH[key] ?? 'your own'}`
  );
  return `Not deployed: cdk.json holds example values. In cdk.json's "context", replace ${each.join('; ')}. Then run cdk deploy again.`;
}
