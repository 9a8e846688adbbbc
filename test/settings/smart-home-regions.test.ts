/**
 * Where a smart home deployment's functions and replicas go: each home region and skillRegions
 * list with its plan, and each refusal with its literal one-line message. Pure: no stack.
 */
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import { smartHomeRegionPlan } from '../../lib/app-settings/smart-home-regions';
import type { SkillRegion } from '../../lib/app-settings/skill-regions-settings';

const NAME = 'alexa/events-credentials';
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/events-AbCdEf';
const GOV_ARN = 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:alexa/events';

function errorOf(action: () => unknown): InvalidSettingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

describe('smartHomeRegionPlan', () => {
  test.each<[string, string | undefined, SkillRegion[], string | undefined, SkillRegion[]]>([
    ['no skillRegions: one region, any home (the stack warns)', 'eu-central-1', [], ARN, []],
    ['no skillRegions, no known region', undefined, [], undefined, []],
    ['only the home region listed', 'eu-west-1', ['eu-west-1'], ARN, []],
    [
      'all three from us-east-1',
      'us-east-1',
      ['us-east-1', 'eu-west-1', 'us-west-2'],
      NAME,
      ['eu-west-1', 'us-west-2'],
    ],
    ['home not listed: still a function there', 'us-west-2', ['eu-west-1'], NAME, ['eu-west-1']],
    [
      'a region listed twice counts once',
      'us-east-1',
      ['eu-west-1', 'eu-west-1'],
      undefined,
      ['eu-west-1'],
    ],
    [
      'a name that looks like an ARN elsewhere',
      'us-east-1',
      ['us-west-2'],
      'arn-like/name',
      ['us-west-2'],
    ],
  ])('%s', (_case, homeRegion, skillRegions, alexaEventsSecretName, replicaRegions) => {
    expect(smartHomeRegionPlan({ homeRegion, skillRegions, alexaEventsSecretName })).toEqual({
      replicaRegions,
    });
  });

  test.each([
    ['eu-central-1', 'in eu-central-1'],
    [undefined, 'not given a region'],
  ])('fails when the home region is %s while skillRegions lists regions', (homeRegion, where) => {
    const error = errorOf(() =>
      smartHomeRegionPlan({ homeRegion, skillRegions: ['us-east-1', 'eu-west-1'] })
    );
    expect(error.setting).toBe('skillRegions');
    expect(error.message).toBe(
      `Invalid skillRegions: received "us-east-1,eu-west-1". Expected with skillType "smart-home", a home stack in one of us-east-1, eu-west-1, us-west-2 (it was ${where}): deploy with CDK_DEFAULT_REGION (your AWS region) set to one of the listed regions, e.g. us-east-1.`
    );
  });

  test.each([ARN, GOV_ARN])(
    'fails when the events secret is the ARN %s and functions run in several regions',
    (secret) => {
      const error = errorOf(() =>
        smartHomeRegionPlan({
          homeRegion: 'us-east-1',
          skillRegions: ['us-east-1', 'us-west-2'],
          alexaEventsSecretName: secret,
        })
      );
      expect(error.setting).toBe('alexaEventsSecretName');
      expect(error.message).toBe(
        `Invalid alexaEventsSecretName: received "${secret}". Expected with skillRegions "us-east-1,us-west-2", a secret name (e.g. "alexa/events-credentials") replicated to us-east-1, us-west-2: each smart home function reads the secret in its own region, and an ARN names one region's.`
      );
    }
  );
});
