// Unmodified Baileys 7.0.0-rc13 against the real wasim binary: QR pairing through the control API and through
// the mock-phone hook, reconnect with stored credentials, logout and unlink, and the ADV signatures checked by
// a second implementation (libsignal-node).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import curve from 'libsignal/src/curve.js';
import { startWasim, baileysLib } from './wasim_harness.mjs';

const { DisconnectReason } = baileysLib;

assert.ok(process.env.WASIM_BIN, 'WASIM_BIN must point at the wasim binary');

let wasim;
const authRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-auth-'));
const authDir = (name) => path.join(authRoot, name);

before(async () => { wasim = await startWasim(); });
after(async () => {
    await wasim?.stop();
    fs.rmSync(authRoot, { recursive: true, force: true });
});

test('root public key is written to DIR/root.pub', () => {
    const hex = fs.readFileSync(path.join(wasim.dataDir, 'root.pub'), 'utf8').trim();
    assert.match(hex, /^[0-9a-f]{64}$/);
});

test('QR pairing through the control API, then ADV signatures verified by libsignal', async () => {
    const phone = '15550001001';
    const created = await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Alice' });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const { client, scanned } = await wasim.pair(authDir('alice'), { phone });
    const me = client.state.creds.me;
    assert.equal(me.id.split(':')[0], phone, `creds.me.id ${me.id}`);
    assert.equal(me.id, `${phone}:${scanned.device}@s.whatsapp.net`);
    assert.match(me.lid, /^\d{15}:\d+@lid$/);

    const account = (await wasim.admin('GET', `/admin/accounts/${phone}`)).body;
    const companion = account.companions.find((c) => c.device === scanned.device);
    assert.ok(companion && !companion.removed && companion.connected, JSON.stringify(account));
    assert.equal(account.lid.split('@')[0], me.lid.split(':')[0]);

    // The account signature the virtual phone made, checked by libsignal-node (false on a bad signature).
    const { creds } = client.state;
    // In memory the fields are bytes; after a round trip through the auth folder they are base64 text.
    const bytes = (v) => (typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.from(v));
    const adv = Object.fromEntries(['details', 'accountSignatureKey', 'accountSignature', 'deviceSignature']
        .map((k) => [k, bytes(creds.account[k])]));
    const accountKey = adv.accountSignatureKey;
    assert.equal(accountKey.toString('hex'), account.identity_key, 'signed by the phone identity key');
    const details = adv.details;
    const companionIdentity = Buffer.from(creds.signedIdentityKey.public);
    const message = Buffer.concat([Buffer.from([6, 0]), details, companionIdentity]);
    assert.equal(curve.verifySignature(accountKey, message, adv.accountSignature), true);
    const tampered = Buffer.from(message);
    tampered[tampered.length - 1] ^= 1;
    assert.equal(curve.verifySignature(accountKey, tampered, adv.accountSignature), false);
    // And Baileys' device signature, which wasim verified before accepting the device, verifies here too.
    const deviceMessage = Buffer.concat([Buffer.from([6, 1]), details, companionIdentity, accountKey]);
    assert.equal(curve.verifySignature(companionIdentity, deviceMessage, adv.deviceSignature), true);

    // Reconnect with the stored credentials: a new socket from the same folder logs in without a QR.
    client.end();
    const again = await wasim.baileys(authDir('alice'));
    await again.open();
    assert.ok(!again.updates.some((u) => u.qr), 'no QR on reconnect');
    assert.equal(again.state.creds.me.id, me.id);
    again.end();
});

test('pairing through the mock-phone hook picks the account from the push name', async () => {
    const { client, scanned } = await wasim.pair(authDir('bob'), { pushName: 'Bob Mock' });
    const me = client.state.creds.me;
    assert.equal(me.id.split(':')[0], scanned.phone);
    const account = (await wasim.admin('GET', `/admin/accounts/${scanned.phone}`)).body;
    assert.equal(account.push_name, 'Bob Mock');
    client.end();

    // The same push name again lands on the same account, as another device.
    const second = await wasim.pair(authDir('bob2'), { pushName: 'Bob Mock' });
    assert.equal(second.scanned.phone, scanned.phone);
    assert.notEqual(second.scanned.device, scanned.device);
    second.client.end();
});

test('a QR that no client shows, or a malformed one, is refused', async () => {
    await wasim.admin('POST', '/admin/accounts', { phone: '15550001009', push_name: 'Nobody' });
    const bogus = 'ref-unknown,' + Buffer.alloc(32, 1).toString('base64') + ',' + Buffer.alloc(32, 2).toString('base64') +
        ',' + Buffer.alloc(32, 3).toString('base64');
    assert.equal((await wasim.admin('POST', '/admin/accounts/15550001009/scan', { qr: bogus })).status, 404);
    assert.equal((await wasim.admin('POST', '/admin/accounts/15550001009/scan', { qr: 'nonsense' })).status, 400);
    assert.equal((await wasim.admin('POST', '/admin/mock-phone/scan-qr', 'nonsense')).status, 400);
    // Malformed control requests are refused, and the simulator keeps running.
    assert.equal((await wasim.admin('POST', '/admin/accounts', { phone: '15550001010', push_name: 5 })).status, 400);
    assert.equal((await wasim.admin('POST', '/admin/accounts', '{not json')).status, 400);
    assert.equal((await wasim.admin('POST', '/admin/accounts', { phone: '+0123' })).status, 400);
    assert.equal((await wasim.admin('POST', '/admin/faults', { latency_ms: 'slow' })).status, 400);
    assert.equal((await wasim.admin('DELETE', '/admin/accounts/15550001009/devices/abc')).status, 400);
    // A field of the wrong type used to throw out of the handler and abort the process.
    const reaction = { id: 'X', emoji: '+1', from_me: 'yes' };
    assert.equal((await wasim.admin('POST', '/admin/accounts/15550001009/messages', { to: '15550001010', reaction })).status, 400);
    assert.equal((await wasim.admin('POST', '/admin/accounts/15550001009/read', { ids: [1] })).status, 400);
    assert.equal((await wasim.admin('GET', '/admin/nothing')).status, 404);
    assert.equal((await wasim.admin('GET', '/admin/stats')).status, 200);
});

test('logout gives loggedOut and the device cannot log in again', async () => {
    const phone = '15550001002';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Carol' });
    const { client, scanned } = await wasim.pair(authDir('carol'), { phone });
    await client.sock.logout();
    assert.equal(await client.closed(), DisconnectReason.loggedOut);
    client.end();
    const account = (await wasim.admin('GET', `/admin/accounts/${phone}`)).body;
    const companion = account.companions.find((c) => c.device === scanned.device);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok((await wasim.admin('GET', `/admin/accounts/${phone}`)).body.companions.find((c) => c.device === scanned.device).removed,
        JSON.stringify(companion));

    const retry = await wasim.baileys(authDir('carol'));
    assert.equal(await retry.closed(), DisconnectReason.loggedOut);
    retry.end();
});

test('unlink from the phone gives loggedOut (401 device_removed), later logins fail', async () => {
    const phone = '15550001003';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Dave' });
    const { client, scanned } = await wasim.pair(authDir('dave'), { phone });
    const removed = await wasim.admin('DELETE', `/admin/accounts/${phone}/devices/${scanned.device}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(await client.closed(), DisconnectReason.loggedOut);
    client.end();
    assert.equal((await wasim.admin('DELETE', `/admin/accounts/${phone}/devices/${scanned.device}`)).status, 404);

    const retry = await wasim.baileys(authDir('dave'));
    assert.equal(await retry.closed(), DisconnectReason.loggedOut);
    retry.end();
});

test('usync answers devices, lid and contact; bundle fetches consume one-time pre-keys', async () => {
    await wasim.admin('POST', '/admin/accounts', { phone: '15550001004', push_name: 'Erin' });
    await wasim.admin('POST', '/admin/accounts', { phone: '15550001005', push_name: 'Frank' });
    const erin = (await wasim.pair(authDir('erin'), { phone: '15550001004' })).client;
    const frank = await wasim.pair(authDir('frank'), { phone: '15550001005' });
    const frankJid = '15550001005@s.whatsapp.net';

    const known = await erin.sock.onWhatsApp('+15550001005', '+15559999999');
    assert.deepEqual(known.find((r) => r.jid === frankJid), { jid: frankJid, exists: true }, JSON.stringify(known));
    // Baileys drops users whose contact answer is "out".
    assert.ok(!known.some((r) => r.jid === '15559999999@s.whatsapp.net' && r.exists), JSON.stringify(known));

    const devices = await erin.sock.getUSyncDevices([frankJid], false, false);
    const ids = devices.map((d) => d.device).sort();
    assert.deepEqual(ids, [0, frank.scanned.device].sort(), JSON.stringify(devices));

    const account = (await wasim.admin('GET', '/admin/accounts/15550001005')).body;
    const before = account.companions.find((c) => c.device === frank.scanned.device).one_time_pre_keys;
    assert.ok(before > 0, 'Frank uploaded pre-keys at login');
    const lidUser = account.lid.split('@')[0];
    assert.equal(await erin.sock.assertSessions([`${lidUser}:${frank.scanned.device}@lid`, `${lidUser}@lid`], true), true);
    const after = (await wasim.admin('GET', '/admin/accounts/15550001005')).body
        .companions.find((c) => c.device === frank.scanned.device).one_time_pre_keys;
    assert.equal(after, before - 1);
    erin.end();
    frank.client.end();
});

test('keepalive pings are answered and unknown iqs get a clean error', async () => {
    const alice = await wasim.baileys(authDir('alice'));
    await alice.open();
    const ping = await alice.sock.query({ tag: 'iq', attrs: { to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' },
                                          content: [{ tag: 'ping', attrs: {} }] });
    assert.equal(ping.attrs.type, 'result');
    await assert.rejects(
        alice.sock.query({ tag: 'iq', attrs: { to: '@s.whatsapp.net', type: 'get', xmlns: 'wasim:nonsense' },
                           content: [{ tag: 'whatever', attrs: {} }] }),
        (error) => error.output?.statusCode === 501 || /feature-not-implemented/.test(String(error)));
    alice.end();
});

// Enters a link code on the phone. Baileys' requestPairingCode shows the code as soon as its request is written
// to the socket (sendNode, no reply awaited), so wasim may not have read the request yet: a person typing the code
// takes seconds, a test milliseconds. Retries while wasim reports no request yet (bounded).
async function enterLinkCode(phone, code) {
    const deadline = Date.now() + 10000;
    for (;;) {
        const entered = await wasim.admin('POST', `/admin/accounts/${phone}/link-code`, { code });
        if (entered.body?.error?.code !== 'no_link_code_request' || Date.now() > deadline) return entered;
        await new Promise((r) => setTimeout(r, 50));
    }
}

test('pairing by phone-number link code', async () => {
    const phone = '15550001006';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Ivy' });
    const first = await wasim.baileys(authDir('ivy'));
    await first.qr();  // registered and connected
    const code = await first.sock.requestPairingCode(phone);
    assert.match(code, /^[1-9A-HJ-NP-TV-Z]{8}$/);
    const entered = await enterLinkCode(phone, code);
    assert.equal(entered.status, 200, JSON.stringify(entered.body));
    assert.equal(await first.closed(), 515);
    first.end();
    const second = await wasim.baileys(authDir('ivy'));
    await second.open();
    assert.equal(second.state.creds.me.id.split(':')[0], phone);
    const account = (await wasim.admin('GET', `/admin/accounts/${phone}`)).body;
    assert.equal(account.companions.filter((c) => !c.removed).length, 1, JSON.stringify(account));
    second.end();
});

test('a wrong link code pairs nothing', async () => {
    const phone = '15550001007';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Jay' });
    const client = await wasim.baileys(authDir('jay'));
    await client.qr();
    const code = await client.sock.requestPairingCode(phone);
    const wrong = code[0] === 'A' ? 'B' + code.slice(1) : 'A' + code.slice(1);
    assert.equal((await wasim.admin('POST', `/admin/accounts/${phone}/link-code`, { code: 'short' })).status, 400);
    assert.equal((await enterLinkCode(phone, wrong)).status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    const account = (await wasim.admin('GET', `/admin/accounts/${phone}`)).body;
    assert.equal(account.companions.length, 0, JSON.stringify(account));
    assert.ok(!client.updates.some((u) => u.connection === 'open'));
    assert.equal((await wasim.admin('POST', `/admin/accounts/${phone}/link-code`, { code })).status, 404,
        'the request is used up');
    client.end();
});

test('faults: refused logins, latency, dropped connections', async () => {
    assert.equal((await wasim.admin('POST', '/admin/faults', { refuse_logins: true })).status, 200);
    const refused = await wasim.baileys(authDir('alice'));
    assert.equal(await refused.closed(), 503);
    refused.end();
    assert.equal((await wasim.admin('POST', '/admin/faults', { latency_ms: -1 })).status, 400);
    assert.equal((await wasim.admin('DELETE', '/admin/faults')).status, 200);

    const alice = await wasim.baileys(authDir('alice'));
    await alice.open();
    await wasim.admin('POST', '/admin/faults', { latency_ms: 400 });
    const started = Date.now();
    await alice.sock.query({ tag: 'iq', attrs: { to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] });
    assert.ok(Date.now() - started >= 380, `ping took ${Date.now() - started} ms`);
    await wasim.admin('DELETE', '/admin/faults');

    const dropped = await wasim.admin('POST', '/admin/faults', { drop_all: true });
    assert.equal(dropped.status, 200);
    const code = await alice.closed();
    assert.notEqual(code, 401, 'a dropped connection is not a logout');
    alice.end();
    const again = await wasim.baileys(authDir('alice'));
    await again.open();
    again.end();
});

test('stats count connections and stanzas', async () => {
    const stats = (await wasim.admin('GET', '/admin/stats')).body;
    assert.ok(stats.connections.total >= 8, JSON.stringify(stats));
    assert.ok(stats.stanzas_in > 0 && stats.stanzas_out > 0, JSON.stringify(stats));
    assert.ok(stats.pairings >= 4 && stats.logins >= 4, JSON.stringify(stats));
    assert.ok(typeof stats.per_second.stanzas_in === 'number');
});

// Last: restarts the simulator, which drops every connection.
test('a restarted simulator keeps its accounts, devices and root key (SQLite under --data)', async () => {
    const rootBefore = fs.readFileSync(path.join(wasim.dataDir, 'root.pub'), 'utf8');
    await wasim.restart();
    assert.equal(fs.readFileSync(path.join(wasim.dataDir, 'root.pub'), 'utf8'), rootBefore);
    const account = (await wasim.admin('GET', '/admin/accounts/15550001001')).body;
    assert.equal(account.push_name, 'Alice');
    const alice = await wasim.baileys(authDir('alice'));
    await alice.open();
    assert.ok(!alice.updates.some((u) => u.qr), 'no QR after a simulator restart');
    alice.end();
    // Removed devices stay removed.
    const carol = await wasim.baileys(authDir('carol'));
    assert.equal(await carol.closed(), DisconnectReason.loggedOut);
    carol.end();
});
