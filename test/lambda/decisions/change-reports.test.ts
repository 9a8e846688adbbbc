import {
  alexaRegionOfAwsRegion,
  gatewayErrorCode,
  gatewayUrlFor,
  gatewayVerdict,
  needsRefresh,
  retryDelay,
} from '../../../lambda/core/smart-home/event-gateway';
import { refreshAnswer } from '../../../lambda/core/smart-home/lwa-refresh-answer';
import { decideReport } from '../../../lambda/core/smart-home/stream-report';

const lamp = (power: string, brightness: number, extra: Record<string, unknown> = {}) => ({
  endpointId: { S: 'lamp-1' },
  friendlyName: { S: 'Desk Lamp' },
  powerState: { S: power },
  brightness: { N: String(brightness) },
  updatedAt: { S: '2026-12-04T10:00:00.000Z' },
  ...extra,
});
const keys = { userId: { S: 'subject#u1' }, itemId: { S: 'endpoint#lamp-1' } };
const modify = (oldImage: Record<string, object>, newImage: Record<string, object>) => ({
  eventName: 'MODIFY',
  dynamodb: { Keys: keys, OldImage: oldImage, NewImage: newImage },
});

describe('decideReport', () => {
  test.each([
    ['PHYSICAL_INTERACTION', 'PHYSICAL_INTERACTION'],
    ['PERIODIC_POLL', 'PERIODIC_POLL'],
    ['RULE_TRIGGER', 'RULE_TRIGGER'],
    ['APP_INTERACTION', 'APP_INTERACTION'],
    ['VOICE_INTERACTION', 'APP_INTERACTION'],
    [undefined, 'APP_INTERACTION'],
  ])('an outside write with cause %s reports %s', (cause, expected) => {
    const decision = decideReport(
      modify(lamp('OFF', 40), lamp('ON', 40, cause ? { lastChangeCause: { S: cause } } : {}))
    );
    expect(decision).toEqual({
      note: 'changed',
      reports: [
        {
          kind: 'change',
          subject: 'u1',
          endpoint: {
            endpointId: 'lamp-1',
            friendlyName: 'Desk Lamp',
            state: { powerState: 'ON', brightness: 40 },
          },
          changed: ['powerState'],
          cause: expected,
          sampledAt: new Date('2026-12-04T10:00:00.000Z'),
        },
      ],
    });
  });

  test('a directive write (mark and a new version) reports nothing; the old mark alone is an outside write', () => {
    const directive = { lastChangeCause: { S: 'ALEXA_DIRECTIVE' } };
    expect(
      decideReport(
        modify(
          lamp('OFF', 40, { version: { N: '1' } }),
          lamp('ON', 40, { ...directive, version: { N: '2' } })
        )
      )
    ).toEqual({ reports: [], note: 'directive' });
    const stale = decideReport(
      modify(
        lamp('ON', 40, { ...directive, version: { N: '2' } }),
        lamp('OFF', 40, { ...directive, version: { N: '2' } })
      )
    );
    expect(stale.reports).toMatchObject([{ kind: 'change', cause: 'APP_INTERACTION' }]);
  });

  test('both properties changed; unchanged state reports nothing; a rename is an AddOrUpdateReport', () => {
    expect(decideReport(modify(lamp('OFF', 40), lamp('ON', 80))).reports).toMatchObject([
      { kind: 'change', changed: ['powerState', 'brightness'] },
    ]);
    expect(decideReport(modify(lamp('ON', 40), lamp('ON', 40)))).toEqual({
      reports: [],
      note: 'unchanged',
    });
    const renamed = decideReport(
      modify(lamp('ON', 40), { ...lamp('ON', 40), friendlyName: { S: 'Reading Lamp' } })
    );
    expect(renamed).toMatchObject({ note: 'renamed', reports: [{ kind: 'add-or-update' }] });
  });

  test('INSERT adds, REMOVE deletes, other items and unreadable images are skipped', () => {
    expect(
      decideReport({ eventName: 'INSERT', dynamodb: { Keys: keys, NewImage: lamp('OFF', 100) } })
    ).toMatchObject({ note: 'added', reports: [{ kind: 'add-or-update', subject: 'u1' }] });
    expect(
      decideReport({ eventName: 'REMOVE', dynamodb: { Keys: keys, OldImage: lamp('OFF', 100) } })
    ).toEqual({
      note: 'removed',
      reports: [{ kind: 'delete', subject: 'u1', endpointId: 'lamp-1' }],
    });
    const grant = { userId: { S: 'subject#u1' }, itemId: { S: 'alexa-events-grant#abc' } };
    expect(decideReport({ eventName: 'MODIFY', dynamodb: { Keys: grant } }).note).toBe(
      'not-an-endpoint'
    );
    const alexaUser = { userId: { S: 'alexa-user#x' }, itemId: { S: 'endpoint#lamp-1' } };
    expect(decideReport({ eventName: 'INSERT', dynamodb: { Keys: alexaUser } }).note).toBe(
      'not-an-endpoint'
    );
    expect(
      decideReport({ eventName: 'INSERT', dynamodb: { Keys: keys, NewImage: lamp('DIM', 1) } }).note
    ).toBe('unreadable');
  });
});

describe('decideReport at its edges', () => {
  const withoutUpdatedAt = (image: Record<string, object>) => {
    const { updatedAt: _dropped, ...rest } = image;
    return rest;
  };

  test.each<[string, Record<string, object>, number | undefined, Date]>([
    ['updatedAt', lamp('ON', 40), 1_700_000_000, new Date('2026-12-04T10:00:00.000Z')],
    [
      "the record's time without updatedAt",
      withoutUpdatedAt(lamp('ON', 40)),
      1_700_000_000,
      new Date(1_700_000_000_000),
    ],
    [
      "the record's time when updatedAt is no date",
      lamp('ON', 40, { updatedAt: { S: 'yesterday' } }),
      1_700_000_000,
      new Date(1_700_000_000_000),
    ],
    ['the epoch without either', withoutUpdatedAt(lamp('ON', 40)), undefined, new Date(0)],
  ])('a change is sampled at %s', (_case, newImage, approximateSeconds, sampledAt) => {
    const record = {
      eventName: 'MODIFY',
      dynamodb: {
        Keys: keys,
        OldImage: lamp('OFF', 40),
        NewImage: newImage,
        ...(approximateSeconds === undefined
          ? {}
          : { ApproximateCreationDateTime: approximateSeconds }),
      },
    };
    expect(decideReport(record).reports).toMatchObject([{ kind: 'change', sampledAt }]);
  });

  test('a directive mark with no version on either image is an outside write', () => {
    const marked = { lastChangeCause: { S: 'ALEXA_DIRECTIVE' } };
    expect(decideReport(modify(lamp('OFF', 40), lamp('ON', 40, marked))).reports).toMatchObject([
      { kind: 'change', cause: 'APP_INTERACTION' },
    ]);
  });

  test("a rename in the directive's own write reports the rename alone", () => {
    const directive = { lastChangeCause: { S: 'ALEXA_DIRECTIVE' } };
    expect(
      decideReport(
        modify(
          lamp('OFF', 40, { version: { N: '1' } }),
          lamp('ON', 40, {
            ...directive,
            version: { N: '2' },
            friendlyName: { S: 'Reading Lamp' },
          })
        )
      )
    ).toMatchObject({ note: 'renamed', reports: [{ kind: 'add-or-update' }] });
  });

  test('a REMOVE of an empty endpoint ID, an unknown event and a record without keys are skipped', () => {
    const emptyId = { userId: { S: 'subject#u1' }, itemId: { S: 'endpoint#' } };
    expect(decideReport({ eventName: 'REMOVE', dynamodb: { Keys: emptyId } })).toEqual({
      reports: [],
      note: 'unreadable',
    });
    expect(
      decideReport({
        eventName: 'UPDATE',
        dynamodb: { Keys: keys, OldImage: lamp('OFF', 40), NewImage: lamp('ON', 40) },
      })
    ).toEqual({ reports: [], note: 'unreadable' });
    expect(decideReport({ eventName: 'MODIFY' })).toEqual({ reports: [], note: 'not-an-endpoint' });
  });
});

describe('event gateway decisions', () => {
  test.each([
    [200, undefined, 'sent'],
    [202, undefined, 'sent'],
    [299, undefined, 'sent'],
    [199, undefined, 'drop'],
    [300, undefined, 'drop'],
    [401, undefined, 'refresh'],
    [403, 'SKILL_DISABLED_EXCEPTION', 'stop'],
    [403, 'INSUFFICIENT_PERMISSION_EXCEPTION', 'stop'],
    [403, 'OTHER_EXCEPTION', 'drop'],
    [403, undefined, 'drop'],
    // The stopping codes stop only on 403.
    [400, 'SKILL_DISABLED_EXCEPTION', 'drop'],
    [429, undefined, 'retry'],
    [500, undefined, 'retry'],
    [503, undefined, 'retry'],
    [400, 'INVALID_REQUEST_EXCEPTION', 'drop'],
    [404, undefined, 'drop'],
    [302, undefined, 'drop'],
  ] as const)('%i %s: %s', (status, code, verdict) => {
    expect(gatewayVerdict(status, code)).toBe(verdict);
  });

  test('regions and gateways', () => {
    expect(alexaRegionOfAwsRegion('us-east-1')).toBe('NA');
    expect(alexaRegionOfAwsRegion('eu-west-1')).toBe('EU');
    expect(alexaRegionOfAwsRegion('us-west-2')).toBe('FE');
    expect(alexaRegionOfAwsRegion('eu-central-1')).toBeUndefined();
    expect(gatewayUrlFor('EU', 'us-east-1')).toBe('https://api.eu.amazonalexa.com/v3/events');
    expect(gatewayUrlFor('FE', undefined)).toBe('https://api.fe.amazonalexa.com/v3/events');
    expect(gatewayUrlFor('NA', 'eu-west-1')).toBe('https://api.amazonalexa.com/v3/events');
    expect(gatewayUrlFor(undefined, 'eu-west-1')).toBe('https://api.eu.amazonalexa.com/v3/events');
    expect(gatewayUrlFor('XX', 'ap-south-1')).toBe('https://api.amazonalexa.com/v3/events');
  });

  test('a refresh is due a minute before expiry, or when the expiry is unreadable', () => {
    const now = new Date('2026-12-04T10:00:00.000Z');
    expect(needsRefresh(new Date(now.getTime() + 60_001), now)).toBe(false);
    expect(needsRefresh(new Date(now.getTime() + 60_000), now)).toBe(true);
    expect(needsRefresh(new Date(Number.NaN), now)).toBe(true);
  });

  test('backoff doubles up to 2 s and stops when the next call would not fit', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, 60_000, 2500))).toEqual([
      200, 400, 800, 1600, 2000, 2000,
    ]);
    expect(retryDelay(1, 2701, 2500)).toBe(200);
    expect(retryDelay(1, 2700, 2500)).toBeUndefined();
  });

  test('only a safe error code is taken from a gateway body', () => {
    expect(gatewayErrorCode({ payload: { code: 'SKILL_DISABLED_EXCEPTION' } })).toBe(
      'SKILL_DISABLED_EXCEPTION'
    );
    expect(gatewayErrorCode({ payload: { code: 'Bearer Atza|x' } })).toBeUndefined();
    expect(gatewayErrorCode({ payload: { code: 'x SKILL_DISABLED_EXCEPTION' } })).toBeUndefined();
    expect(gatewayErrorCode({ payload: { code: 'SKILL_DISABLED_EXCEPTION x' } })).toBeUndefined();
    expect(gatewayErrorCode(null)).toBeUndefined();
  });
});

describe('refreshAnswer', () => {
  const at = new Date('2026-12-04T10:00:00.000Z');
  test('tokens, kept refresh token when none comes back, expiry from the request time', () => {
    expect(
      refreshAnswer(200, { access_token: 'A', refresh_token: 'R', expires_in: 3600 }, at, 'old')
    ).toEqual({
      kind: 'refreshed',
      grant: {
        accessToken: 'A',
        refreshToken: 'R',
        accessTokenExpiresAt: new Date(at.getTime() + 3600_000),
      },
    });
    expect(refreshAnswer(200, { access_token: 'A', expires_in: 60 }, at, 'old')).toMatchObject({
      grant: { refreshToken: 'old' },
    });
    expect(
      refreshAnswer(200, { access_token: 'A', refresh_token: '', expires_in: 60 }, at, 'old')
    ).toMatchObject({ grant: { refreshToken: 'old' } });
  });
  test.each([
    [400, { error: 'invalid_grant' }, { kind: 'revoked' }],
    [401, { error: 'invalid_client' }, { kind: 'refused', detail: 'HTTP 401 invalid_client' }],
    [400, { error: 'Atza|leak' }, { kind: 'refused', detail: 'HTTP 400' }],
    [429, {}, { kind: 'unavailable', detail: 'HTTP 429' }],
    [503, undefined, { kind: 'unavailable', detail: 'HTTP 503' }],
    [
      200,
      { access_token: 'A', expires_in: 0 },
      { kind: 'unavailable', detail: 'not a token response' },
    ],
    [200, { expires_in: 10 }, { kind: 'unavailable', detail: 'not a token response' }],
    [
      200,
      { access_token: '', expires_in: 10 },
      { kind: 'unavailable', detail: 'not a token response' },
    ],
    // A token in a non-2xx answer is no grant: the status decides first.
    [199, { access_token: 'A', expires_in: 10 }, { kind: 'refused', detail: 'HTTP 199' }],
    [300, { access_token: 'A', expires_in: 10 }, { kind: 'refused', detail: 'HTTP 300' }],
    [499, {}, { kind: 'refused', detail: 'HTTP 499' }],
    [500, {}, { kind: 'unavailable', detail: 'HTTP 500' }],
    // An error code is echoed only when the whole of it is one.
    [400, { error: 'invalid_grant x' }, { kind: 'refused', detail: 'HTTP 400' }],
    [400, { error: 'x invalid_grant' }, { kind: 'refused', detail: 'HTTP 400' }],
  ])('%i %j: %j', (status, body, expected) => {
    expect(refreshAnswer(status, body, at, 'old')).toEqual(expected);
  });
});
