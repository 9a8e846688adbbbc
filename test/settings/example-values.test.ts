/** The example values and the deploy refusal's message, literally. */
import {
  EXAMPLE_VALUES,
  exampleValuesIn,
  exampleValuesRefusal,
} from '../../lib/app-settings/example-values';

test.each<[Record<string, unknown>, string[]]>([
  [{ ...EXAMPLE_VALUES }, ['alexaVendorId', 'skillId', 'domainPrefix']],
  [{ ...EXAMPLE_VALUES, alexaVendorId: 'M2AAAAAAAAAAAA' }, ['skillId', 'domainPrefix']],
  [{ domainPrefix: 'example-alexa-linking', stage: 'M0EXAMPLEVENDOR' }, ['domainPrefix']],
  [{ alexaVendorId: 'm0examplevendor', domainPrefix: undefined }, []],
])('in %j the example values are %j', (settings, keys) => {
  expect(exampleValuesIn((key) => settings[key])).toStrictEqual(keys);
});

test('the refusal names each value, what replaces it and where', () => {
  expect(exampleValuesRefusal(['alexaVendorId', 'domainPrefix'])).toBe(
    'Not deployed: cdk.json holds example values. In cdk.json\'s "context", replace alexaVendorId "M0EXAMPLEVENDOR" with your vendor ID (Amazon developer console > Settings); domainPrefix "example-alexa-linking" with a sign-in domain prefix of your own, unique in the region (e.g. "acme-alexa"). Then run cdk deploy again.'
  );
  expect(exampleValuesRefusal(['skillId'])).toBe(
    'Not deployed: cdk.json holds example values. In cdk.json\'s "context", replace skillId "amzn1.ask.skill.00000000-0000-0000-0000-000000000000" with your skill ID (Alexa developer console > your skill > Copy Skill ID). Then run cdk deploy again.'
  );
});
