import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, type FunctionProps } from 'aws-cdk-lib/aws-lambda';
import { BUNDLE_HANDLER } from './bundle-recipe';

/**
 * What every skill function (custom and smart home) shares: the bundle's handler, Node.js 24 on
 * arm64 (Graviton: cheaper, and faster cold starts for this workload), 7 s under Alexa's 8 s
 * wait, and 512 MB (memory also sets CPU: signature checks and cold starts get faster with more).
 */
export function skillFunctionDefaults(props: {
  readonly timeout?: Duration;
  readonly memorySize?: number;
}): Pick<FunctionProps, 'handler' | 'runtime' | 'architecture' | 'timeout' | 'memorySize'> {
  return {
    handler: BUNDLE_HANDLER,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    timeout: props.timeout ?? Duration.seconds(7),
    memorySize: props.memorySize ?? 512,
  };
}
