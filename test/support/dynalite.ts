/**
 * A real DynamoDB-compatible server on loopback (dynalite: DynamoDB's API with its validation, in
 * memory), with tables created from a synthesized template's own key schema: when the template
 * and the code disagree on a key, the code's first request fails.
 */
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  type AttributeDefinition,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
// dynalite ships no types: it is a function returning a Node.js http.Server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: {
  createTableMs?: number;
}) => import('node:http').Server;

/** Credentials dynalite accepts (it checks their shape, not their value). */
export const DYNALITE_CREDENTIALS = {
  accessKeyId: 'AKIDLOCALDYNALITE',
  secretAccessKey: 'local-dynalite-secret-key',
} as const;
export const DYNALITE_REGION = 'us-east-1';

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** The environment the bundled function needs to reach this server through the AWS SDK. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: DYNALITE_REGION,
    credentials: DYNALITE_CREDENTIALS,
  });
  return {
    endpoint,
    client,
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: DYNALITE_REGION,
      AWS_ACCESS_KEY_ID: DYNALITE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DYNALITE_CREDENTIALS.secretAccessKey,
    },
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface TemplateResources {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

let tableCounter = 0;

/**
 * Creates every AWS::DynamoDB::Table of the template on the server, with the template's key
 * schema and attribute definitions, under a fresh name per call. Returns the names by logical ID.
 */
export async function createTablesFromTemplate(
  client: DynamoDBClient,
  template: TemplateResources
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::DynamoDB::Table') continue;
    const properties = resource.Properties ?? {};
    tableCounter += 1;
    const tableName = `${logicalId}-${process.pid}-${tableCounter}`;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: properties.KeySchema as KeySchemaElement[],
        AttributeDefinitions: properties.AttributeDefinitions as AttributeDefinition[],
        BillingMode: properties.BillingMode as 'PAY_PER_REQUEST',
      })
    );
    names[logicalId] = tableName;
  }
  return names;
}
