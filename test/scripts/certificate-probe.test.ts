/** The doctor's TLS probe against a loopback HTTPS server with a self-signed chain. */
import { certificateCheck } from '../../scripts/doctor/linking-checks';
import { probeCertificate } from '../../scripts/doctor/certificate-probe';
import { startHttpsServer, testTlsMaterial, type LoopbackServer } from '../support/loopback';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startHttpsServer((_req, res) => res.writeHead(204).end());
});
afterAll(() => server.close());

const probe = (host: string, trustTestCa: boolean) =>
  probeCertificate(host, {
    connectTo: '127.0.0.1',
    port: server.port,
    ...(trustTestCa ? { ca: testTlsMaterial().cert } : {}),
  });

test('a self-signed chain is not trusted: FAIL with the reason', async () => {
  const facts = await probe('localhost', false);
  expect(facts.trusted).toBe(false);
  expect(facts.trustError).toMatch(/SELF_SIGNED|self-signed/i);
  expect(certificateCheck(facts, new Date()).result).toBe('fail');
});

test('trusted, but expiring within 30 days (the test certificate lives 2): WARN with the date', async () => {
  const facts = await probe('localhost', true);
  expect(facts).toMatchObject({ host: 'localhost', trusted: true });
  const days = (facts.validTo.getTime() - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(0);
  expect(days).toBeLessThanOrEqual(2);
  const row = certificateCheck(facts, new Date());
  expect(row.result).toBe('warn');
  expect(row.detail).toMatch(/^expires \d{4}-\d{2}-\d{2} \([01] days\)/);
});

test('a certificate for other names does not vouch for the host', async () => {
  const facts = await probe('login.example.com', true);
  expect(facts.trusted).toBe(false);
  expect(facts.trustError).toMatch(/ALTNAME_INVALID|login\.example\.com/);
});

test('no TLS answer rejects, for the doctor to report', async () => {
  await expect(
    probeCertificate('localhost', { connectTo: '127.0.0.1', port: 1, timeoutMs: 2000 })
  ).rejects.toThrow(/ECONNREFUSED/);
});
