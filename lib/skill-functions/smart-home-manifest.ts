/**
 * The smart home skill's manifest from a deployment's outputs: pure, no I/O. Amazon's model of
 * it is `v1.skill.Manifest.SmartHomeApis` in ask-smapi-model's spec.json.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html#apis
 */
import {
  ALEXA_ENDPOINT_REGIONS,
  assertIsFunctionArn,
  withManifestVersionInside,
  type AlexaEndpointRegion,
  type ManifestEnvelope,
  type ManifestFile,
  type SkillFunctionArns,
} from './skill-manifest';

/**
 * The permission a smart home skill needs to send events to Alexa's event gateway (ChangeReport,
 * AddOrUpdateReport, DeleteReport): with it, Alexa sends AcceptGrant when a user links, and the
 * console shows the Alexa Skill Messaging client ID and secret.
 */
export const ASYNC_EVENT_PERMISSION = 'alexa::async_event:write';
/** The only smart home protocol Amazon certifies; '2' is for migration tests only. */
export const SMART_HOME_PROTOCOL_VERSION = '3';

type RegionalEndpoints = Partial<Record<AlexaEndpointRegion, { endpoint: { uri: string } }>>;

interface SmartHomeApis {
  smartHome: {
    protocolVersion: string;
    endpoint: { uri: string };
    /** Per Alexa endpoint region; Alexa uses `endpoint` for a region not listed. */
    regions?: RegionalEndpoints;
  } & Record<string, unknown>;
}

/** A smart home skill's skill.json (`SkillManifestEnvelope` with `apis.smartHome`). */
export type SmartHomeManifest = ManifestEnvelope<SmartHomeApis>;
/** A smart home skill's skill.json as read from disk; `apis.smartHome` may still be empty. */
export type SmartHomeManifestFile = ManifestFile<object>;

/**
 * Whether the stack has proactive events on, from its AlexaEvents output (`on` with
 * alexaEventsSecretName set, `off` without).
 */
export function alexaEventsOn(outputs: Readonly<Record<string, string>>): boolean {
  const value = outputs.AlexaEvents;
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(
    `The smart home stack's AlexaEvents output is ${value === undefined ? 'missing' : `"${value}"`}; expected "on" or "off" (deploy the stack with this version of the project to add it).`
  );
}

/**
 * The Alexa regions that have a smart home function in their own AWS region, when the deployment
 * has more than one function; none for one function, which the default endpoint serves alone
 * (Amazon's model does not require `regions`, and Alexa uses `endpoint` for a region not listed).
 */
function regionalEndpoints(arns: SkillFunctionArns): RegionalEndpoints | undefined {
  if (Object.keys(arns.byRegion).length < 2) return undefined;
  const regions: RegionalEndpoints = {};
  for (const alexaRegion of Object.keys(ALEXA_ENDPOINT_REGIONS) as AlexaEndpointRegion[]) {
    const arn = arns.byRegion[ALEXA_ENDPOINT_REGIONS[alexaRegion]];
    if (arn) regions[alexaRegion] = { endpoint: { uri: arn } };
  }
  return regions;
}

/** The permissions with the event gateway's added (once) when events are on, removed when off. */
function withEventPermission(permissions: unknown, alexaEvents: boolean): { name: string }[] {
  const current = Array.isArray(permissions) ? (permissions as { name: string }[]) : [];
  const others = current.filter((permission) => permission.name !== ASYNC_EVENT_PERMISSION);
  if (!alexaEvents) return others;
  return others.length < current.length ? current : [...current, { name: ASYNC_EVENT_PERMISSION }];
}

/**
 * The manifest pointed at a smart home deployment: `apis.smartHome` with protocol version 3, the
 * default endpoint at the home function and, with regional functions, `regions` for each Alexa
 * region that has one; the skill events endpoint (when the manifest subscribes to skill events)
 * at the same functions; and the event gateway permission exactly when the stack has events on.
 * Everything else in the file is kept, except a `regions` block the deployment no longer has.
 */
export function withSmartHomeEndpoints(
  file: SmartHomeManifestFile,
  arns: SkillFunctionArns,
  alexaEvents: boolean
): SmartHomeManifest {
  for (const arn of Object.values(arns.byRegion)) assertIsFunctionArn('SmartHomeFunctionArn', arn);
  const { manifest } = withManifestVersionInside(file);
  const regions = regionalEndpoints(arns);
  const { regions: _oldRegions, ...smartHome } = ((manifest.apis as { smartHome?: unknown })
    .smartHome ?? {}) as Record<string, unknown>;
  const { regions: _oldEventRegions, ...events } = (manifest.events ?? {}) as Record<
    string,
    unknown
  >;
  const permissions = withEventPermission(manifest.permissions, alexaEvents);
  // Spread over the manifest so every field keeps its place in the file.
  const updated = {
    ...manifest,
    apis: {
      ...manifest.apis,
      smartHome: {
        ...smartHome,
        protocolVersion: SMART_HOME_PROTOCOL_VERSION,
        endpoint: { uri: arns.home },
        ...(regions && { regions }),
      },
    },
    permissions,
    // Skill events (SKILL_DISABLED and the others) go to the smart home functions too.
    ...(manifest.events !== undefined && {
      events: { ...events, endpoint: { uri: arns.home }, ...(regions && { regions }) },
    }),
  };
  if (permissions.length > 0) return { manifest: updated };
  const { permissions: _none, ...withoutPermissions } = updated;
  return { manifest: withoutPermissions };
}
