/**
 * Which report a change to the device table calls for, from one DynamoDB stream record
 * (NEW_AND_OLD_IMAGES) exactly as Lambda receives it: marshalled images (`{ "S": ... }`). Pure:
 * the shapes are plain JSON, no SDK.
 *
 * - an endpoint item written (INSERT): `AddOrUpdateReport`, so the Alexa app shows the device;
 * - an endpoint item deleted (REMOVE): `DeleteReport`, so the app keeps no ghost device;
 * - an endpoint item whose state changed (MODIFY) not because of an Alexa directive: a
 *   `ChangeReport` with the cause the writer recorded in `lastChangeCause`; its name changed:
 *   `AddOrUpdateReport`.
 *
 * The smart home function marks its own writes `lastChangeCause = ALEXA_DIRECTIVE` and bumps
 * `version`: Alexa already knows those states (it gets them in the directive's response). A write
 * that leaves a directive's old mark in place without bumping `version` is an outside write.
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-changereport.html
 */
import { ENDPOINT_ITEM_PREFIX, SUBJECT_PARTITION_PREFIX } from './device-table-keys';
import { isLampState, type LampState, type StoredEndpoint } from './lamp';

/** The attribute a writer records the cause of a state change in. */
export const CHANGE_CAUSE_ATTRIBUTE = 'lastChangeCause';
/** The smart home function's own mark: the change came from an Alexa directive. */
export const DIRECTIVE_CAUSE = 'ALEXA_DIRECTIVE';

/** The causes an outside writer may record, as ChangeReport names them. */
export const CHANGE_CAUSES = [
  'PHYSICAL_INTERACTION',
  'APP_INTERACTION',
  'PERIODIC_POLL',
  'RULE_TRIGGER',
] as const;
/** One of CHANGE_CAUSES: why the state changed, as a ChangeReport's `cause.type`. */
export type ChangeCause = (typeof CHANGE_CAUSES)[number];
/** An outside write without a (known) cause: someone changed it from an app. */
export const DEFAULT_CHANGE_CAUSE: ChangeCause = 'APP_INTERACTION';

/** The lamp's properties a ChangeReport may carry. */
export type LampPropertyName = keyof LampState;
export const LAMP_PROPERTY_NAMES: readonly LampPropertyName[] = ['powerState', 'brightness'];

/** A marshalled attribute value, as DynamoDB streams carry it. */
export type StreamAttribute = object;
export type StreamImage = Readonly<Record<string, StreamAttribute | undefined>>;

/** The parts of a DynamoDB stream record this decision reads. */
export interface StreamRecordLike {
  readonly eventName?: string;
  readonly dynamodb?: {
    readonly ApproximateCreationDateTime?: number;
    readonly Keys?: StreamImage;
    readonly NewImage?: StreamImage;
    readonly OldImage?: StreamImage;
  };
}

export type Report =
  | { readonly kind: 'add-or-update'; readonly subject: string; readonly endpoint: StoredEndpoint }
  | { readonly kind: 'delete'; readonly subject: string; readonly endpointId: string }
  | {
      readonly kind: 'change';
      readonly subject: string;
      readonly endpoint: StoredEndpoint;
      readonly changed: readonly LampPropertyName[];
      readonly cause: ChangeCause;
      /** When the state was written: the item's `updatedAt`, else the record's time. */
      readonly sampledAt: Date;
    };

export interface StreamDecision {
  readonly reports: readonly Report[];
  /** Why, for the log (never a value from the item). */
  readonly note:
    | 'added'
    | 'removed'
    | 'changed'
    | 'renamed'
    | 'directive'
    | 'unchanged'
    | 'not-an-endpoint'
    | 'unreadable';
}

const text = (attribute: StreamAttribute | undefined): string | undefined => {
  const value = (attribute as { S?: unknown } | undefined)?.S;
  return typeof value === 'string' ? value : undefined;
};
const number = (attribute: StreamAttribute | undefined): number | undefined => {
  const value = (attribute as { N?: unknown } | undefined)?.N;
  return typeof value === 'string' ? Number(value) : undefined;
};

/** The endpoint an image holds, when it is one in the shape the device store writes. */
export function endpointOfImage(image: StreamImage | undefined): StoredEndpoint | undefined {
  if (!image) return undefined;
  const endpointId = text(image.endpointId);
  const friendlyName = text(image.friendlyName);
  const state = { powerState: text(image.powerState), brightness: number(image.brightness) };
  if (endpointId === undefined || friendlyName === undefined || !isLampState(state)) {
    return undefined;
  }
  return { endpointId, friendlyName, state };
}

/** The cause a MODIFY was written with, or undefined when it was the smart home function's own. */
export function causeOfChange(
  newImage: StreamImage,
  oldImage: StreamImage | undefined
): ChangeCause | undefined {
  const cause = text(newImage[CHANGE_CAUSE_ATTRIBUTE]);
  if (cause === DIRECTIVE_CAUSE) {
    const bumped = number(newImage.version) !== number(oldImage?.version);
    return bumped ? undefined : DEFAULT_CHANGE_CAUSE;
  }
  return (CHANGE_CAUSES as readonly unknown[]).includes(cause)
    ? (cause as ChangeCause)
    : DEFAULT_CHANGE_CAUSE;
}

function sampleTime(image: StreamImage, approximateSeconds: number | undefined): Date {
  // Without updatedAt this parses "undefined": NaN, like any text that is no date.
  const written = Date.parse(`${text(image.updatedAt)}`);
  if (Number.isFinite(written)) return new Date(written);
  return new Date((approximateSeconds ?? 0) * 1000);
}

export function decideReport(record: StreamRecordLike): StreamDecision {
  const {
    Keys: keys,
    NewImage: newImage,
    OldImage: oldImage,
    ApproximateCreationDateTime: approximateSeconds,
  } = record.dynamodb ?? {};
  const partition = text(keys?.userId);
  const itemId = text(keys?.itemId);
  if (
    partition === undefined ||
    itemId === undefined ||
    !partition.startsWith(SUBJECT_PARTITION_PREFIX) ||
    !itemId.startsWith(ENDPOINT_ITEM_PREFIX)
  ) {
    return { reports: [], note: 'not-an-endpoint' };
  }
  const subject = partition.slice(SUBJECT_PARTITION_PREFIX.length);
  const endpointId = itemId.slice(ENDPOINT_ITEM_PREFIX.length);

  if (record.eventName === 'REMOVE') {
    if (endpointId === '') return { reports: [], note: 'unreadable' };
    return { reports: [{ kind: 'delete', subject, endpointId }], note: 'removed' };
  }
  const endpoint = endpointOfImage(newImage);
  if (!endpoint || !newImage) return { reports: [], note: 'unreadable' };
  if (record.eventName === 'INSERT') {
    return { reports: [{ kind: 'add-or-update', subject, endpoint }], note: 'added' };
  }
  if (record.eventName !== 'MODIFY') return { reports: [], note: 'unreadable' };

  const before = endpointOfImage(oldImage);
  const reports: Report[] = [];
  if (before && before.friendlyName !== endpoint.friendlyName) {
    reports.push({ kind: 'add-or-update', subject, endpoint });
  }
  const changed = LAMP_PROPERTY_NAMES.filter(
    (name) => before === undefined || before.state[name] !== endpoint.state[name]
  );
  if (changed.length === 0) {
    return { reports, note: reports.length > 0 ? 'renamed' : 'unchanged' };
  }
  const cause = causeOfChange(newImage, oldImage);
  if (cause === undefined) {
    return { reports, note: reports.length > 0 ? 'renamed' : 'directive' };
  }
  reports.push({
    kind: 'change',
    subject,
    endpoint,
    changed,
    cause,
    sampledAt: sampleTime(newImage, approximateSeconds),
  });
  return { reports, note: 'changed' };
}
