/**
 * The virtual lamp every new user gets, and the rules its state obeys. Pure: no SDK imports.
 */

export type PowerState = 'ON' | 'OFF';

/** What a lamp remembers between directives. */
export interface LampState {
  readonly powerState: PowerState;
  /** Percent, an integer in 0..100. */
  readonly brightness: number;
}

/** One of a user's endpoints, as the device store keeps it. */
export interface StoredEndpoint {
  readonly endpointId: string;
  readonly friendlyName: string;
  readonly state: LampState;
}

export const BRIGHTNESS_RANGE = { minimumValue: 0, maximumValue: 100 } as const;

export const STARTER_LAMP_NAME = 'Smart Lamp';
/** A new lamp is off, at full brightness for when it is turned on. */
export const STARTER_LAMP_STATE: LampState = { powerState: 'OFF', brightness: 100 };

/**
 * Alexa's rules for an endpoint ID, kept stricter where they allow more: 1 to 256 characters of
 * letters, digits and `_ - = # ; : ? @ &`, so never a dot, a space or a slash.
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html#endpoint-object
 */
const ENDPOINT_ID = /^[A-Za-z0-9_\-=#;:?@&]{1,256}$/;

export function isEndpointId(value: unknown): value is string {
  return typeof value === 'string' && ENDPOINT_ID.test(value);
}

export function assertIsEndpointId(value: unknown): asserts value is string {
  if (!isEndpointId(value)) {
    throw new RangeError(
      `Endpoint ID ${JSON.stringify(value)} breaks Alexa's rules: 1 to 256 letters, digits or _-=#;:?@&`
    );
  }
}

/** The lamp a user without any endpoint gets on their first discovery. */
export function starterLamp(endpointId: string): StoredEndpoint {
  assertIsEndpointId(endpointId);
  return { endpointId, friendlyName: STARTER_LAMP_NAME, state: STARTER_LAMP_STATE };
}

export function clampBrightness(value: number): number {
  return Math.min(BRIGHTNESS_RANGE.maximumValue, Math.max(BRIGHTNESS_RANGE.minimumValue, value));
}

export function isBrightnessInRange(value: number): boolean {
  return value >= BRIGHTNESS_RANGE.minimumValue && value <= BRIGHTNESS_RANGE.maximumValue;
}

/** A change a control directive asks for, as a function of the lamp's current state. */
export type LampChange =
  | { readonly kind: 'power'; readonly powerState: PowerState }
  | { readonly kind: 'set-brightness'; readonly brightness: number }
  | { readonly kind: 'adjust-brightness'; readonly delta: number };

export function applyLampChange(state: LampState, change: LampChange): LampState {
  switch (change.kind) {
    case 'power':
      return { ...state, powerState: change.powerState };
    case 'set-brightness':
      return { ...state, brightness: clampBrightness(change.brightness) };
    case 'adjust-brightness':
      return { ...state, brightness: clampBrightness(state.brightness + change.delta) };
  }
}

/** Whether a stored value is a lamp state this code wrote; anything else is treated as a fault. */
export function isLampState(value: unknown): value is LampState {
  if (typeof value !== 'object' || value === null) return false;
  const { powerState, brightness } = value as Record<string, unknown>;
  return (
    (powerState === 'ON' || powerState === 'OFF') &&
    typeof brightness === 'number' &&
    Number.isInteger(brightness) &&
    isBrightnessInRange(brightness)
  );
}

/** The valid range when a change asks for a value outside it (SetBrightness 150), else undefined. */
export function outOfRangeOf(change: LampChange): typeof BRIGHTNESS_RANGE | undefined {
  return change.kind === 'set-brightness' && !isBrightnessInRange(change.brightness)
    ? BRIGHTNESS_RANGE
    : undefined;
}
