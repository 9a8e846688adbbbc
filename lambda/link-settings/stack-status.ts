import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';

type CloudFormationModule = typeof import('../adapters/lazy/cloudformation');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadSdk = () => require('../adapters/lazy/cloudformation') as CloudFormationModule;

/**
 * Reads a stack's status with DescribeStacks. Only a failed Create or Update asks (to tell a
 * rollback from a deploy), so the CloudFormation client is loaded and built on that first call,
 * never at the function's init. `client` is for tests; the default is built with the function's
 * region and credentials.
 */
export function createStackStatusReader(
  client?: () => CloudFormationClient
): (stackId: string) => Promise<string | undefined> {
  let built: CloudFormationClient | undefined;
  const clientOnce = () => (built ??= client ? client() : new (loadSdk().CloudFormationClient)({}));
  return async (stackId) => {
    const { Stacks } = await clientOnce().send(
      new (loadSdk().DescribeStacksCommand)({ StackName: stackId })
    );
    return Stacks?.[0]?.StackStatus;
  };
}
