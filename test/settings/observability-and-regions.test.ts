/** alarmEmail and skillRegions at their anchors and boundaries, with literal errors. */
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import {
  assertIsAlarmEmail,
  isAlarmEmail,
  readObservabilitySettings,
} from '../../lib/app-settings/observability-settings';
import {
  ALEXA_REGION_OF,
  readSkillRegionsSettings,
  skillRegionPlan,
} from '../../lib/app-settings/skill-regions-settings';

describe('alarmEmail', () => {
  const read = (alarmEmail: unknown) =>
    readObservabilitySettings((key) => (key === 'alarmEmail' ? alarmEmail : undefined));

  test.each([
    ['a@b.cd', true],
    [`${'a'.repeat(64)}@b.cd`, true],
    [`${'a'.repeat(65)}@b.cd`, false],
    [`a@${'b'.repeat(249)}.cd`, true], // 254 characters
    [`a@${'b'.repeat(250)}.cd`, false], // 255 characters
    ['a@b.c', false],
    ['a@bcd', false],
    ['@b.cd', false],
    ['a@@b.cd', false],
    ['a b@c.de', false],
    ['a@b.cd ', false],
    [' a@b.cd', false],
    ['a@b.c d', false],
  ])('isAlarmEmail(%j) is %s', (value, expected) => {
    expect(isAlarmEmail(value)).toBe(expected);
  });

  test.each([
    [undefined, {}],
    [null, {}],
    ['', {}],
    [' ops@example.com ', { alarmEmail: 'ops@example.com' }],
  ])('%j gives %j', (value, expected) => {
    expect(read(value)).toStrictEqual(expected);
  });

  test.each(['ops', 5, ['ops@example.com']])('refuses %j', (value) => {
    expect(() => read(value)).toThrow(InvalidSettingError);
    expect(() => assertIsAlarmEmail(value)).toThrow(
      `Invalid alarmEmail: received ${typeof value === 'string' ? `"${value}"` : `${JSON.stringify(value)} (${Array.isArray(value) ? 'a list' : 'number'})`}. Expected an email address to send the skill alarms to (e.g. "oncall@example.com").`
    );
  });
});

describe('skillRegions', () => {
  const read = (skillRegions: unknown) =>
    readSkillRegionsSettings((key) => (key === 'skillRegions' ? skillRegions : undefined));
  const FORM =
    'a comma-separated list of us-east-1, eu-west-1, us-west-2 (e.g. "us-east-1,eu-west-1,us-west-2")';

  test.each<[unknown, string[]]>([
    [undefined, []],
    [null, []],
    ['', []],
    ['us-west-2', ['us-west-2']],
    [' eu-west-1 , us-east-1', ['eu-west-1', 'us-east-1']],
    [
      ['us-east-1', ' us-west-2 '],
      ['us-east-1', 'us-west-2'],
    ],
  ])('%j gives %j', (value, regions) => {
    expect(read(value)).toStrictEqual({ skillRegions: regions });
  });

  test.each<[unknown, string]>([
    ['eu-central-1', FORM],
    ['US-EAST-1', FORM],
    [
      'us-east-1,',
      'a list without blank entries (no empty item between commas, nor a trailing comma)',
    ],
    // A region given twice is most often a typo for another one: refused, not merged.
    ['eu-west-1,us-east-1, eu-west-1', 'each entry once ("eu-west-1" is listed more than once)'],
    [['us-west-2', 'us-west-2'], 'each entry once ("us-west-2" is listed more than once)'],
    [5, 'a comma-separated string or a JSON list of strings'],
    [{ a: 1 }, 'a comma-separated string or a JSON list of strings'],
    [['us-east-1', 1], 'a comma-separated string or a JSON list of strings'],
  ])('refuses %j', (value, expected) => {
    try {
      read(value);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingError);
      expect(error).toMatchObject({ setting: 'skillRegions', received: value, expected });
    }
  });

  test('each region serves its Alexa endpoint region', () => {
    expect(ALEXA_REGION_OF).toStrictEqual({
      'us-east-1': 'NA',
      'eu-west-1': 'EU',
      'us-west-2': 'FE',
    });
  });

  test.each<[string[], string | undefined, unknown]>([
    [[], 'eu-west-1', { home: 'eu-west-1', extra: [] }],
    [['us-east-1', 'eu-west-1'], 'eu-west-1', { home: 'eu-west-1', extra: ['us-east-1'] }],
    [['us-west-2', 'eu-west-1'], undefined, { home: 'us-west-2', extra: ['eu-west-1'] }],
    [[], undefined, { home: undefined, extra: [] }],
  ])('skillRegionPlan(%j, %j)', (regions, deployment, plan) => {
    expect(skillRegionPlan(regions as never, deployment)).toStrictEqual(plan);
  });
});
