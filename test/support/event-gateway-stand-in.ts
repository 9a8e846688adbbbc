/**
 * Loopback stand-ins for the three regional Alexa event gateways and for Login with Amazon's
 * token endpoint as a refresh meets it, plus DynamoDB stream records built from real items.
 *
 * The gateways answer as the real one does: 202 with no body, or an error status with
 * `{"header": {...}, "payload": {"code", "description"}}`. Each test scripts the answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sendJson, startHttpServer, type LoopbackServer } from './loopback';
import { EVENTS_CREDENTIALS } from './lwa-token-stand-in';
import { routeFetchOrigin } from './trust-test-ca';

export const GATEWAY_ORIGINS = {
  NA: 'https://api.amazonalexa.com',
  EU: 'https://api.eu.amazonalexa.com',
  FE: 'https://api.fe.amazonalexa.com',
} as const;
export type GatewayRegion = keyof typeof GATEWAY_ORIGINS;

export interface GatewayRequest {
  readonly region: GatewayRegion;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

/** One scripted answer: a status (202 by default) and an error code; `hang` never answers. */
export type GatewayScript = { readonly status: number; readonly code?: string } | 'hang';

export interface RefreshRequest {
  readonly form: Record<string, string>;
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface EventsStandIns {
  readonly gatewayRequests: GatewayRequest[];
  readonly refreshRequests: RefreshRequest[];
  /** Answers the next gateway requests in order; then 202. */
  readonly gatewayScript: GatewayScript[];
  /** Refresh tokens LWA refuses with invalid_grant. */
  readonly revokedRefreshTokens: Set<string>;
  /** Milliseconds LWA takes to answer a refresh (to make two refreshes overlap). */
  refreshDelayMs: number;
  /** Tokens handed out by refreshes, in order. */
  readonly issuedAccessTokens: string[];
  reset(): void;
  close(): Promise<void>;
}

/** Starts the four stand-ins and routes the real origins' fetch calls to them. */
export async function startEventsStandIns(): Promise<EventsStandIns> {
  const gatewayRequests: GatewayRequest[] = [];
  const refreshRequests: RefreshRequest[] = [];
  const gatewayScript: GatewayScript[] = [];
  const revokedRefreshTokens = new Set<string>();
  const issuedAccessTokens: string[] = [];
  const hanging: ServerResponse[] = [];
  const state = { refreshDelayMs: 0 };

  const gateway = (region: GatewayRegion) =>
    startHttpServer((req, res) => {
      void bodyOf(req).then((text) => {
        gatewayRequests.push({
          region,
          path: req.url ?? '',
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: JSON.parse(text) as Record<string, unknown>,
        });
        const answer = gatewayScript.shift() ?? { status: 202 };
        if (answer === 'hang') {
          hanging.push(res);
          return;
        }
        if (answer.status === 202) {
          res.writeHead(202);
          res.end();
          return;
        }
        sendJson(res, answer.status, {
          header: { namespace: 'System', name: 'Exception', messageId: 'stand-in' },
          payload: { code: answer.code ?? 'INVALID_REQUEST_EXCEPTION', description: 'stand-in' },
        });
      });
    });

  const lwa = await startHttpServer((req, res) => {
    void bodyOf(req).then(async (text) => {
      const form = Object.fromEntries(new URLSearchParams(text));
      refreshRequests.push({ form });
      await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      if (
        form.client_id !== EVENTS_CREDENTIALS.clientId ||
        form.client_secret !== EVENTS_CREDENTIALS.clientSecret
      ) {
        sendJson(res, 401, { error: 'invalid_client' });
      } else if (form.grant_type !== 'refresh_token' || !form.refresh_token) {
        sendJson(res, 400, { error: 'unsupported_grant_type' });
      } else if (revokedRefreshTokens.has(form.refresh_token)) {
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'revoked' });
      } else {
        const n = issuedAccessTokens.length + 1;
        const accessToken = `Atza|refreshed-access-token-${n}`;
        issuedAccessTokens.push(accessToken);
        sendJson(res, 200, {
          access_token: accessToken,
          refresh_token: `Atzr|refreshed-refresh-token-${n}`,
          token_type: 'bearer',
          expires_in: 3600,
        });
      }
    });
  });

  const servers: Record<GatewayRegion, LoopbackServer> = {
    NA: await gateway('NA'),
    EU: await gateway('EU'),
    FE: await gateway('FE'),
  };
  const routes = [
    routeFetchOrigin('https://api.amazon.com', lwa.url),
    ...(Object.keys(GATEWAY_ORIGINS) as GatewayRegion[]).map((region) =>
      routeFetchOrigin(GATEWAY_ORIGINS[region], servers[region].url)
    ),
  ];
  return {
    gatewayRequests,
    refreshRequests,
    gatewayScript,
    revokedRefreshTokens,
    issuedAccessTokens,
    get refreshDelayMs() {
      return state.refreshDelayMs;
    },
    set refreshDelayMs(ms: number) {
      state.refreshDelayMs = ms;
    },
    reset() {
      gatewayRequests.length = 0;
      refreshRequests.length = 0;
      gatewayScript.length = 0;
      revokedRefreshTokens.clear();
      issuedAccessTokens.length = 0;
      state.refreshDelayMs = 0;
      for (const res of hanging.splice(0)) res.destroy();
    },
    async close() {
      for (const res of hanging.splice(0)) res.destroy();
      for (const route of routes.reverse()) route.restore();
      await Promise.all([lwa.close(), ...Object.values(servers).map((s) => s.close())]);
    },
  };
}

type Image = Record<string, AttributeValue>;
let sequence = 100;

/** An item as stored now (consistent read), for the image of a stream record. */
export async function imageOf(
  client: DynamoDBClient,
  tableName: string,
  key: Image
): Promise<Image | undefined> {
  return (
    await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))
  ).Item;
}

/**
 * A stream record shaped exactly as DynamoDB sends it to Lambda (NEW_AND_OLD_IMAGES): marshalled
 * keys and images, a rising sequence number, the event name from which images exist.
 */
export function streamRecord(options: {
  readonly tableArn?: string;
  readonly keys: Image;
  readonly oldImage?: Image;
  readonly newImage?: Image;
}) {
  sequence += 1;
  const eventName =
    options.oldImage === undefined
      ? 'INSERT'
      : options.newImage === undefined
        ? 'REMOVE'
        : 'MODIFY';
  return {
    eventID: `e${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: options.keys,
      ...(options.newImage ? { NewImage: options.newImage } : {}),
      ...(options.oldImage ? { OldImage: options.oldImage } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 256,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN:
      options.tableArn ??
      'arn:aws:dynamodb:us-east-1:123456789012:table/SmartHomeDeviceTable/stream/2026-12-04T00:00:00.000',
  };
}
