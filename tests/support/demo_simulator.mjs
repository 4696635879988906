// The control API of the WhatsApp simulator that `wagw serve --demo` runs, for tests that act as the phones:
// its port and token come from what the gateway printed, its certificate from the demo folder.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export function simulatorApi(gateway, method, path, body) {
  const port = Number(gateway.output().match(/WhatsApp simulator on wss:\/\/127\.0\.0\.1:(\d+)\//)[1]);
  const token = gateway.output().match(/control API token \(Authorization: Bearer, also in .+\): ([0-9a-f]{64})\n/)[1];
  const ca = readFileSync(join(gateway.dataDir, 'demo-whatsapp', 'cert.pem'));
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, ca, servername: 'localhost',
                          checkServerIdentity: () => undefined,
                          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
                        (res) => {
                          let text = '';
                          res.on('data', (d) => (text += d));
                          res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
                        });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
