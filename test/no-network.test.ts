/** The offline guard every test runs under (test/support/no-network.ts) must actually refuse. */
import * as https from 'node:https';
import { sendJson, startHttpServer } from './support/loopback';

test('a connection to anything but loopback fails at once', async () => {
  expect.assertions(2);
  // fetch reports the guard's error as its cause.
  await expect(fetch('https://cognito-idp.us-east-1.amazonaws.com/')).rejects.toMatchObject({
    cause: expect.objectContaining({
      message:
        'Network access is forbidden in tests (tried to connect to cognito-idp.us-east-1.amazonaws.com)',
    }),
  });
  expect(() => https.get('https://api.amazonalexa.com/')).toThrow(
    'Network access is forbidden in tests (tried to connect to api.amazonalexa.com)'
  );
});

test('loopback stays reachable', async () => {
  const server = await startHttpServer((_req, res) => sendJson(res, 200, { ok: true }));
  try {
    expect(await (await fetch(`${server.url}/`)).json()).toEqual({ ok: true });
  } finally {
    await server.close();
  }
});
