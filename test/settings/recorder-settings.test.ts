/** recordTokenExchanges: a boolean, off by default, with a literal error for anything else. */
import { readRecorderSettings } from '../../lib/app-settings/recorder-settings';

const read = (value: unknown) =>
  readRecorderSettings((key) => (key === 'recordTokenExchanges' ? value : undefined));

test.each([
  [undefined, false],
  [null, false],
  ['', false],
  [false, false],
  ['false', false],
  [true, true],
  ['true', true],
])('recordTokenExchanges=%j reads as %s', (value, expected) => {
  expect(read(value)).toEqual({ recordTokenExchanges: expected });
});

test.each([['yes'], [1], ['TRUE'], [{}]])('fails when recordTokenExchanges is %j', (value) => {
  expect(() => read(value)).toThrow(
    `Invalid recordTokenExchanges: received ${typeof value === 'string' ? JSON.stringify(value) : `${JSON.stringify(value)} (${typeof value})`}. Expected true (put the recorder in front of the token endpoint) or false (Alexa calls it directly).`
  );
});
