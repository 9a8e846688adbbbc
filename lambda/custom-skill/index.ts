/**
 * The greeting skill's Lambda entry. Everything is built once per container, at init: the
 * linking step reads the function's environment and builds the linking server's verifier
 * (chosen by LINKING_SERVER), which keeps its key set or token-info cache across warm requests.
 */
import { buildSkill } from './build-skill';

const skill = buildSkill();

// ask-sdk-core's .lambda() is callback-style, which newer Node.js runtimes no longer call.
export const handler = async (event: unknown, context?: unknown) => skill.invoke(event, context);
