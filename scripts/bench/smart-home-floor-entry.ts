/**
 * The smart home function's floor: what any smart home handler linked to a Cognito pool must
 * build at init (a JWT verifier and a DynamoDB client), answering a directive by verifying its
 * token and reading one item, with nothing else (no logger, no metrics, no grant exchange).
 * Built by the benchmark through the package's recipe, never deployed.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

const verifier = CognitoJwtVerifier.create({
  userPoolId: process.env.USER_POOL_ID as string,
  tokenUse: 'access',
  clientId: process.env.USER_POOL_CLIENT_ID as string,
});
const dynamo = new DynamoDBClient({});

interface Directive {
  directive: { endpoint?: { endpointId: string; scope: { token: string } } };
}

export const handler = async (event: Directive) => {
  const endpoint = event.directive.endpoint;
  if (!endpoint) return { event: { header: { name: 'ErrorResponse' } } };
  const { sub } = await verifier.verify(endpoint.scope.token);
  const { Item } = await dynamo.send(
    new GetItemCommand({
      TableName: process.env.DEVICES_TABLE_NAME,
      Key: { userId: { S: sub }, itemId: { S: endpoint.endpointId } },
    })
  );
  return { event: { header: { name: Item ? 'StateReport' : 'ErrorResponse' } } };
};
