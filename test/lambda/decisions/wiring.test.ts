/**
 * The shared names and the production wiring of the key-set fetcher and the Cognito verifier,
 * asserted on literal values (alarms and dashboards read the metric names).
 */
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../lambda/core/metric-names';
import { USER_DATA_TABLE_ENV } from '../../../lambda/core/user-data-table';
import { createAccessTokenVerifier } from '../../../lambda/verifiers/cognito/access-token-verifier';
import { CooldownFetcher, createJwksFetcher } from '../../../lambda/verifiers/shared/jwks-fetcher';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../../support/jwt';

test('the metric namespace and service', () => {
  expect([METRICS_NAMESPACE, METRICS_SERVICE]).toStrictEqual([
    'AlexaAccountLinking',
    'alexa-account-linking-skill',
  ]);
});

test('the user data table variables the stack sets and the eraser reads', () => {
  expect(USER_DATA_TABLE_ENV).toStrictEqual({
    tableName: 'USER_DATA_TABLE_NAME',
    sortKey: 'USER_DATA_TABLE_SORT_KEY',
    region: 'USER_DATA_TABLE_REGION',
  });
});

test('the production fetcher: short timeouts, the caller’s request options on top, a cooldown', () => {
  const fetcher = createJwksFetcher({ requestOptions: { responseTimeout: 99, family: 4 } });
  expect(fetcher).toBeInstanceOf(CooldownFetcher);
  const inner = (fetcher as unknown as { inner: SimpleFetcher }).inner;
  expect(inner).toBeInstanceOf(SimpleFetcher);
  expect(inner.defaultRequestOptions).toStrictEqual({
    timeout: 1000,
    responseTimeout: 99,
    family: 4,
  });
  expect(
    (createJwksFetcher() as unknown as { inner: SimpleFetcher }).inner.defaultRequestOptions
  ).toStrictEqual({ timeout: 1000, responseTimeout: 1500 });
});

test('a Cognito key set loaded with cacheJwks verifies without a fetch', async () => {
  const key = generateTestKey('wiring-key');
  const verifier = createAccessTokenVerifier(
    { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID },
    { fetcher: { fetch: () => Promise.reject(new Error('no fetch expected')) } }
  );
  verifier.cacheJwks(jwksOf(key));
  expect(await verifier.verify(signRs256(key, accessTokenClaims()))).toMatchObject({
    outcome: 'verified',
  });
});
