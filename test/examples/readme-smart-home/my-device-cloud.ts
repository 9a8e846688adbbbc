// my-device-cloud.ts: the functions the docs' smart home handler (docs/your-own-skill.md) imports from "yours", with
// the shapes it uses them by, so that the handler type-checks as written.
export interface Thermostat {
  readonly id: string;
  readonly name: string;
  readonly target: number;
}

export declare function thermostatsOf(userId: string): Promise<Thermostat[]>;
export declare function setTarget(
  userId: string,
  thermostatId: string,
  celsius: number
): Promise<'ok' | 'not-found' | 'offline'>;
export declare function readThermostat(
  userId: string,
  thermostatId: string
): Promise<Thermostat | undefined>;
export declare function forgetAlexaLink(userId: string): Promise<void>;
