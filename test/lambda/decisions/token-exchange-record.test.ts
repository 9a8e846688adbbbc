/** What the recorder keeps of one token exchange: derived fields only, credentials cut out. */
import {
  alexaRegionOf,
  clientCredentialsOf,
  isUnlinkingRefresh,
  recordExchange,
  secretsOf,
  type TokenAnswer,
} from '../../../lambda/token-recorder/exchange-record';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const AUTH = basic('alexa-client', 's3cr3t-value');
const codeRequest = {
  form: new URLSearchParams({
    grant_type: 'authorization_code',
    code: 'the-code-123',
    redirect_uri: 'https://layla.amazon.com/api/skill/link/M2TESTVENDOR42',
  }),
  authorization: AUTH,
};
const refreshRequest = {
  form: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-abc-987' }),
  authorization: AUTH,
};
const answered = (status: number, body: unknown): TokenAnswer => ({
  kind: 'answered',
  status,
  contentType: 'application/json',
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('recordExchange', () => {
  test('a code exchange that succeeded: lifetime, refresh token, client and region', () => {
    const record = recordExchange(
      codeRequest,
      answered(200, { access_token: 'at', refresh_token: 'rt', expires_in: 3600 }),
      12.4
    );
    expect(record).toEqual({
      grantType: 'authorization_code',
      status: 200,
      outcome: 'ok',
      latencyMs: 12,
      expiresInPresent: true,
      expiresIn: 3600,
      refreshTokenPresent: true,
      shortLived: false,
      clientId: 'alexa-client',
      alexaRegion: 'EU',
    });
  });

  test.each([
    [{ access_token: 'a' }, true, undefined],
    [{ access_token: 'a', expires_in: 359 }, true, 359],
    [{ access_token: 'a', expires_in: 360 }, false, 360],
    [{ access_token: 'a', expires_in: '3600' }, false, 3600],
    [{ access_token: 'a', expires_in: 'soon' }, true, undefined],
    [{ access_token: 'a', expires_in: -1 }, true, undefined],
  ])('%j is short-lived: %s (expires_in %s)', (body, shortLived, expiresIn) => {
    const record = recordExchange(refreshRequest, answered(200, body), 1);
    expect(record.shortLived).toBe(shortLived);
    expect(record.expiresIn).toBe(expiresIn);
    expect(record.expiresInPresent).toBe(expiresIn !== undefined);
    expect(record.refreshTokenPresent).toBe(false);
  });

  test('a refused refresh: invalid_grant, the description with the refresh token cut out, and it unlinks', () => {
    const record = recordExchange(
      refreshRequest,
      answered(400, {
        error: 'invalid_grant',
        error_description: 'refresh token rt-abc-987 was revoked\nby admin',
      }),
      5
    );
    expect(record).toMatchObject({
      grantType: 'refresh_token',
      status: 400,
      outcome: 'invalid_grant',
      error: 'invalid_grant',
      errorDescription: 'refresh token [redacted] was revoked by admin',
      shortLived: false,
    });
    expect(record.alexaRegion).toBeUndefined();
    expect(isUnlinkingRefresh(record)).toBe(true);
    expect(isUnlinkingRefresh({ ...record, grantType: 'authorization_code' })).toBe(false);
    expect(isUnlinkingRefresh({ ...record, outcome: 'invalid_client' })).toBe(false);
  });

  test.each([
    [401, { error: 'invalid_client' }, 'invalid_client', 'invalid_client'],
    [400, { error: 'access_denied' }, 'other_error', 'access_denied'],
    [400, { error: 'has space' }, 'other_error', undefined],
    [200, { error: 'invalid_request' }, 'invalid_request', 'invalid_request'],
    [500, { message: 'boom' }, 'other_error', undefined],
    [403, '<html>challenge</html>', 'other_error', undefined],
    [200, '<html>challenge</html>', 'not_json', undefined],
    [200, '[1]', 'not_json', undefined],
  ])('HTTP %s with %j ends as %s (error %s)', (status, body, outcome, error) => {
    const record = recordExchange(codeRequest, answered(status, body), 1);
    expect(record.outcome).toBe(outcome);
    expect(record.error).toBe(error);
  });

  test.each([
    ['timeout', 504],
    ['unreachable', 502],
    ['redirect_refused', 502],
  ] as const)('what the recorder answered itself: %s', (kind, status) => {
    expect(recordExchange(codeRequest, { kind, status }, 4000)).toEqual({
      grantType: 'authorization_code',
      status,
      outcome: kind,
      latencyMs: 4000,
      expiresInPresent: false,
      refreshTokenPresent: false,
      shortLived: false,
      clientId: 'alexa-client',
      alexaRegion: 'EU',
    });
  });

  test('an unknown grant type is recorded as other; a client ID that is not printable is left out', () => {
    const record = recordExchange(
      { form: new URLSearchParams({ grant_type: 'password', client_id: 'bad\nid' }) },
      answered(400, { error: 'unsupported_grant_type' }),
      1
    );
    expect(record.grantType).toBe('other');
    expect(record.clientId).toBeUndefined();
    expect(record.outcome).toBe('unsupported_grant_type');
  });

  test('a description is capped at 200 characters', () => {
    const record = recordExchange(
      codeRequest,
      answered(400, { error: 'invalid_request', error_description: 'x'.repeat(500) }),
      1
    );
    expect(record.errorDescription).toHaveLength(200);
  });
});

describe('client credentials and secrets', () => {
  test('HTTP Basic is form-decoded; body credentials are read when there is no Basic header', () => {
    expect(
      clientCredentialsOf({ form: new URLSearchParams(), authorization: basic('a b', 'x:y%') })
    ).toEqual({
      clientId: 'a b',
      clientSecret: 'x:y%',
    });
    expect(
      clientCredentialsOf({
        form: new URLSearchParams({ client_id: 'body-id', client_secret: 'body-secret' }),
      })
    ).toEqual({ clientId: 'body-id', clientSecret: 'body-secret' });
    expect(
      clientCredentialsOf({ form: new URLSearchParams(), authorization: 'Bearer abc' })
    ).toEqual({ clientId: undefined, clientSecret: undefined });
  });

  test('the secrets: code, refresh token, client secret, the header and the tokens answered', () => {
    expect(
      secretsOf(
        codeRequest,
        JSON.stringify({ access_token: 'AT', refresh_token: 'RT', id_token: 'IT' })
      )
    ).toEqual(
      expect.arrayContaining([
        'the-code-123',
        's3cr3t-value',
        AUTH,
        AUTH.slice(6),
        'AT',
        'RT',
        'IT',
      ])
    );
  });

  test.each([
    ['https://pitangui.amazon.com/api/skill/link/M2X', 'NA'],
    ['https://layla.amazon.com/api/skill/link/M2X', 'EU'],
    ['https://alexa.amazon.co.jp/api/skill/link/M2X', 'FE'],
    ['https://example.com/cb', undefined],
    ['not a url', undefined],
    [null, undefined],
  ])('the Alexa region of %s is %s', (uri, region) => {
    expect(alexaRegionOf(uri)).toBe(region);
  });
});

describe('edge cases, literal tables', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const formWithId = (authorization: string) => ({
    form: new URLSearchParams({ client_id: 'form-id', client_secret: 'form-secret' }),
    authorization,
  });

  test.each([
    ['Basic at the start', `Basic ${b64('hdr-id:hdr-secret')}`, 'hdr-id', 'hdr-secret'],
    ['two spaces after Basic', `Basic  ${b64('hdr-id:hdr-secret')}`, 'hdr-id', 'hdr-secret'],
    ['a trailing space', `Basic ${b64('hdr-id:hdr-secret')} `, 'hdr-id', 'hdr-secret'],
    ['Basic not at the start', `Token Basic ${b64('hdr-id:hdr-secret')}`, 'form-id', 'form-secret'],
    [
      'junk after the credentials',
      `Basic ${b64('hdr-id:hdr-secret')} junk`,
      'form-id',
      'form-secret',
    ],
    ['no colon in the decoded value', `Basic ${b64('nocolon')}`, 'form-id', 'form-secret'],
    ['an empty client ID before the colon', `Basic ${b64(':only-secret')}`, '', 'only-secret'],
    ['a plus in the header is a space', `Basic ${b64('a+b:c+d')}`, 'a b', 'c d'],
  ])('client credentials: %s', (_case, authorization, clientId, clientSecret) => {
    expect(clientCredentialsOf(formWithId(authorization))).toEqual({ clientId, clientSecret });
  });

  test.each([
    [
      'every form field named, no header',
      {
        form: new URLSearchParams({
          code: 'c1',
          refresh_token: 'r1',
          client_secret: 'cs1',
          code_verifier: 'v1',
          assertion: 'a1',
        }),
      },
      undefined,
      ['c1', 'r1', 'cs1', 'v1', 'a1', 'cs1'],
    ],
    [
      'an empty field is left out',
      { form: new URLSearchParams({ code: '', assertion: 'a2' }) },
      undefined,
      ['a2'],
    ],
    [
      'the answered tokens, strings only',
      { form: new URLSearchParams() },
      JSON.stringify({ access_token: 'at1', refresh_token: 'rt1', id_token: 'it1', expires_in: 5 }),
      ['at1', 'rt1', 'it1'],
    ],
    [
      'a token that is not a string is not a secret string',
      { form: new URLSearchParams() },
      JSON.stringify({ access_token: 123 }),
      [],
    ],
    ['a null answer', { form: new URLSearchParams() }, 'null', []],
    [
      'a header with two spaces',
      { form: new URLSearchParams(), authorization: 'Basic  xyz' },
      undefined,
      ['Basic  xyz', 'xyz'],
    ],
    [
      'a header with a leading space',
      { form: new URLSearchParams(), authorization: ' Basic xyz' },
      undefined,
      [' Basic xyz', ' Basic xyz'],
    ],
  ])('secrets: %s', (_case, request, body, expected) => {
    expect(secretsOf(request, body)).toEqual(expected);
  });

  const noSecrets = { form: new URLSearchParams({ grant_type: 'authorization_code' }) };
  test.each([
    [200, '"just a string"', 'not_json'],
    [200, '42', 'not_json'],
    [200, 'null', 'not_json'],
    [200, 'not json', 'not_json'],
    [299, 'not json', 'not_json'],
    [300, 'not json', 'other_error'],
    [500, 'not json', 'other_error'],
    [199, 'not json', 'other_error'],
    [200, '{}', 'ok'],
    [299, '{}', 'ok'],
    [300, '{}', 'other_error'],
    [500, '{}', 'other_error'],
    [199, '{}', 'other_error'],
  ])('status %d with body %s is %s', (status, body, outcome) => {
    expect(recordExchange(noSecrets, answered(status, body), 1).outcome).toBe(outcome);
  });

  test('an answer that is not JSON keeps nothing of it', () => {
    expect(recordExchange(noSecrets, answered(200, 'not json'), 1)).toEqual({
      grantType: 'authorization_code',
      status: 200,
      latencyMs: 1,
      outcome: 'not_json',
      expiresInPresent: false,
      refreshTokenPresent: false,
      shortLived: false,
    });
  });

  test.each([
    [3600, 3600],
    ['3600', 3600],
    [0, 0],
    ['0', 0],
    ['', undefined],
    [' 3600', undefined],
    ['3600 ', undefined],
    ['12345678901', undefined],
    [-1, undefined],
    ['abc', undefined],
  ])('expires_in %j is read as %j', (value, expiresIn) => {
    const record = recordExchange(noSecrets, answered(200, { expires_in: value }), 1);
    expect(record.expiresIn).toBe(expiresIn);
    expect(record.expiresInPresent).toBe(expiresIn !== undefined);
  });

  test.each([
    ['rt', true],
    ['', false],
    [42, false],
  ])('refresh_token %j is present: %s', (value, present) => {
    const record = recordExchange(noSecrets, answered(200, { refresh_token: value }), 1);
    expect(record.refreshTokenPresent).toBe(present);
  });
});
