import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SkillFunctionArns } from '../../lib/skill-functions/skill-manifest';
import {
  alexaEventsOn,
  withSmartHomeEndpoints,
  type SmartHomeManifestFile,
} from '../../lib/skill-functions/smart-home-manifest';
import { SKILL_MANIFEST_ENVELOPE, smapiViolations } from '../support/smapi-model';

const committed = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', 'skill-package-smart-home', 'skill.json'),
    'utf8'
  )
) as SmartHomeManifestFile;
const arn = (region: string) =>
  `arn:aws:lambda:${region}:123456789012:function:AlexaAccountLinking-dev-SmartHome-${region.replace(/-/g, '')}`;
const EVENTS = { name: 'alexa::async_event:write' };
const OTHER = { name: 'alexa::profile:email:read' };

/** The deployment's functions: the first region is the home stack's. */
function functions(...regions: string[]): SkillFunctionArns {
  const byRegion = Object.fromEntries(regions.map((region) => [region, arn(region)]));
  return { kind: 'smart-home', home: arn(regions[0] as string), byRegion, homeOutputs: {} };
}
/** The committed manifest with its `manifest` fields replaced or (undefined) removed. */
function manifestWith(fields: Record<string, unknown>): SmartHomeManifestFile {
  const manifest: Record<string, unknown> = { ...committed.manifest, ...fields };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete manifest[key];
  return { manifest } as SmartHomeManifestFile;
}

describe('withSmartHomeEndpoints', () => {
  test.each([
    ['events on, no permissions yet', undefined, true, [EVENTS]],
    [
      'events on, the permission already there (kept once, in place)',
      [EVENTS, OTHER],
      true,
      [EVENTS, OTHER],
    ],
    ['events on, another permission kept', [OTHER], true, [OTHER, EVENTS]],
    ['events off, the permission removed, the field dropped', [EVENTS], false, undefined],
    ['events off, another permission kept', [OTHER, EVENTS], false, [OTHER]],
  ])('%s', (_case, permissions, alexaEvents, expected) => {
    const updated = withSmartHomeEndpoints(
      manifestWith({ permissions }),
      functions('us-east-1'),
      alexaEvents
    );
    expect(updated.manifest.permissions).toEqual(expected);
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, updated)).toEqual([]);
  });

  test('protocol version 3 replaces any other; fields Alexa knows are kept; every field keeps its place', () => {
    const file = manifestWith({
      apis: {
        smartHome: {
          protocolVersion: '2',
          endpoint: { uri: arn('eu-west-1') },
          supportedControls: { type: 'REMOTE_VEHICLE_CONTROL' },
        },
      },
    });
    const updated = withSmartHomeEndpoints(file, functions('us-east-1'), true);
    expect(updated.manifest.apis.smartHome).toEqual({
      protocolVersion: '3',
      endpoint: { uri: arn('us-east-1') },
      supportedControls: { type: 'REMOTE_VEHICLE_CONTROL' },
    });
    expect(Object.keys(updated.manifest)).toEqual(Object.keys(committed.manifest));
  });

  test('an empty smartHome block and manifestVersion beside manifest are filled in', () => {
    const { manifestVersion: _inside, ...manifest } = manifestWith({
      apis: { smartHome: {} },
    }).manifest;
    const updated = withSmartHomeEndpoints(
      { manifest, manifestVersion: '1.0' } as SmartHomeManifestFile,
      functions('us-west-2'),
      false
    );
    expect(updated).toEqual({ manifest: expect.objectContaining({ manifestVersion: '1.0' }) });
    expect(updated.manifest.apis.smartHome).toEqual({
      protocolVersion: '3',
      endpoint: { uri: arn('us-west-2') },
    });
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, updated)).toEqual([]);
  });

  test('two regional functions: regions list only the Alexa regions with a function of their own', () => {
    const updated = withSmartHomeEndpoints(committed, functions('eu-west-1', 'us-east-1'), true);
    const regions = {
      NA: { endpoint: { uri: arn('us-east-1') } },
      EU: { endpoint: { uri: arn('eu-west-1') } },
    };
    expect(updated.manifest.apis.smartHome.regions).toEqual(regions);
    expect(updated.manifest.apis.smartHome.endpoint).toEqual({ uri: arn('eu-west-1') });
    expect(updated.manifest.events).toEqual(
      expect.objectContaining({ endpoint: { uri: arn('eu-west-1') }, regions })
    );
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, updated)).toEqual([]);
  });

  test('one function again: old regions blocks are dropped from apis.smartHome and events', () => {
    const regional = withSmartHomeEndpoints(committed, functions('us-east-1', 'us-west-2'), true);
    const single = withSmartHomeEndpoints(regional, functions('us-east-1'), true);
    expect(single.manifest.apis.smartHome).not.toHaveProperty('regions');
    expect(single.manifest.events).not.toHaveProperty('regions');
    expect(single).toEqual(withSmartHomeEndpoints(committed, functions('us-east-1'), true));
  });

  test('a manifest without skill events gets none', () => {
    const updated = withSmartHomeEndpoints(
      manifestWith({ events: undefined }),
      functions('us-east-1'),
      true
    );
    expect(updated.manifest).not.toHaveProperty('events');
  });

  test('fails when a function output is not a Lambda function ARN', () => {
    const arns = { ...functions('us-east-1'), byRegion: { 'eu-west-1': 'arn:aws:s3:::bucket' } };
    expect(() => withSmartHomeEndpoints(committed, arns, true)).toThrow(
      /^SmartHomeFunctionArn is "arn:aws:s3:::bucket"; expected a Lambda function ARN \(arn:aws:lambda:<region>:<account>:function:<name>\)\.$/
    );
  });
});

describe('alexaEventsOn', () => {
  test.each([
    ['on', true],
    ['off', false],
  ])('AlexaEvents %s', (value, expected) => {
    expect(alexaEventsOn({ AlexaEvents: value })).toBe(expected);
  });

  test.each([
    [{}, /AlexaEvents output is missing; expected "on" or "off"/],
    [{ AlexaEvents: 'ON' }, /AlexaEvents output is "ON"; expected "on" or "off"/],
  ])('fails when the output is %j', (outputs, message) => {
    expect(() => alexaEventsOn(outputs)).toThrow(message);
  });
});
