// Link-code pairing of our `wagw client link --phone N` with a wasim virtual phone: the right code links (and
// the client logs in from SQLite afterwards); a wrong code is refused at companion_finish and nothing links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('link-code');

const linkArgs = (phone, data) => ['link', '--phone', phone, '--server', wasim.url,
                                   '--trust-root', path.join(wasim.dataDir, 'root.pub'),
                                   '--tls-cert', path.join(wasim.dataDir, 'cert.pem'), '--data', data];

test('the right link code links the client, which then logs in from its database', async () => {
    const phone = '15550006001';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Linked by code' });
    const link = runClient(linkArgs(phone, dir('right')));
    const { code } = await link.waitFor('link_code');
    assert.match(code, /^[1-9A-HJ-NP-TV-Z]{8}$/);
    assert.ok(!link.events.some((e) => e.event === 'qr'), 'no QR codes in link-code mode');
    const entered = await wasim.admin('POST', `/admin/accounts/${phone}/link-code`, { code });
    assert.equal(entered.status, 200, JSON.stringify(entered.body));
    const paired = await link.waitFor('pair_success');
    assert.ok(paired.jid.startsWith(`${phone}:`), JSON.stringify(paired));
    await link.waitFor('linked');
    assert.equal(await withTimeout(link.exited, 20000, 'link exit'), 0, link.stderr.join(''));

    const listen = runClient(['listen', '--data', dir('right')]);
    const connected = await listen.waitFor('connected');
    assert.equal(connected.jid, paired.jid);
    assert.equal(await listen.stop(), 0);
});

test('a wrong link code is refused and nothing links', async () => {
    const phone = '15550006002';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Wrong code' });
    const link = runClient(linkArgs(phone, dir('wrong')));
    const { code } = await link.waitFor('link_code');
    const wrong = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    await wasim.admin('POST', `/admin/accounts/${phone}/link-code`, { code: wrong });
    const refused = await link.waitFor('pair_error');
    assert.ok(refused.code, JSON.stringify(refused));
    assert.equal(await withTimeout(link.exited, 20000, 'link exit'), 1);
    assert.ok(!link.events.some((e) => e.event === 'pair_success' || e.event === 'linked'), JSON.stringify(link.events));
    const listen = runClient(['listen', '--data', dir('wrong')]);
    assert.equal(await withTimeout(listen.exited, 10000, 'listen refuses'), 2, 'the data folder is not linked');
});
