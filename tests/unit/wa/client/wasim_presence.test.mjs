// Presence and chat states both ways between our WaClient and unmodified Baileys 7.0.0-rc13 through wasim, which
// routes presence to subscribers and chat states to the recipient's connected devices
// (tools/wasim/handlers/presence.cpp). Needs WASIM_BIN, WAGW_BIN, WA_CLIENT_BURST_TOOL and NODE_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect } from '../../../wasim/wasim_harness.mjs';
import { linkClient, runBurstTool, runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('presence');

test('presence and chat states: Baileys -> wagw events, and wagw -> Baileys presence.update', async () => {
    const ours = '15550008001', theirs = '15550008002';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Gateway' });
    await wasim.admin('POST', '/admin/accounts', { phone: theirs, push_name: 'Baileys user' });
    await linkClient(wasim, ours, dir('wagw'));
    const { client: baileys } = await wasim.pair(dir('baileys'), { phone: theirs });
    baileys.sock.authState.creds.me.name ??= 'Baileys user';  // Baileys sends presence only with a push name
    const presences = collect(baileys.sock, 'presence.update');

    // Baileys -> wagw: subscribe first, then availability and chat states arrive as events.
    const wagw = runBurstTool(wasim, dir('wagw'), ['--subscribe', theirs]);  // listens, sends nothing
    await wagw.waitFor((e) => e.event === 'subscribed', 'subscribed');
    const theirJid = `${theirs}@s.whatsapp.net`;
    await baileys.sock.sendPresenceUpdate('available');
    const online = await wagw.waitFor((e) => e.event === 'presence' && e.available, 'available presence');
    assert.equal(online.from, theirJid);
    await baileys.sock.sendPresenceUpdate('unavailable');
    const offline = await wagw.waitFor((e) => e.event === 'presence' && !e.available, 'unavailable presence');
    assert.equal(offline.from, theirJid);
    assert.ok(Math.abs(offline.last_seen - Date.now() / 1000) < 60, JSON.stringify(offline));

    const ourJid = `${ours}@s.whatsapp.net`;
    for (const [sent, seen] of [['composing', 'composing'], ['recording', 'recording'], ['paused', 'paused']]) {
        await baileys.sock.sendPresenceUpdate(sent, ourJid);
        const state = await wagw.waitFor((e) => e.event === 'chat_state' && e.state === seen, `chat state ${seen}`);
        assert.equal(state.chat, theirJid);
        assert.equal(state.sender, theirJid);
    }
    assert.equal(await wagw.stop(), 0);

    // wagw -> Baileys: Baileys subscribes to us; our presence and typing reach its presence.update.
    await baileys.sock.presenceSubscribe(ourJid);
    await new Promise((r) => setTimeout(r, 300));  // the subscription reaches wasim before our presence does
    const available = runClient(['presence', '--data', dir('wagw'), '--state', 'available']);
    assert.equal(await withTimeout(available.exited, 20000, 'presence available'), 0, available.stderr.join(''));
    const seenOnline = await presences.wait((u) => u.id === ourJid && u.presences?.[ourJid]?.lastKnownPresence === 'available',
                                            'Baileys sees us available');
    assert.ok(seenOnline);
    const typing = runClient(['presence', '--data', dir('wagw'), '--state', 'typing', '--to', theirs]);
    assert.equal(await withTimeout(typing.exited, 20000, 'presence typing'), 0, typing.stderr.join(''));
    await presences.wait((u) => u.id === ourJid && u.presences?.[ourJid]?.lastKnownPresence === 'composing',
                         'Baileys sees us typing');
    const recording = runClient(['presence', '--data', dir('wagw'), '--state', 'recording', '--to', theirs]);
    assert.equal(await withTimeout(recording.exited, 20000, 'presence recording'), 0, recording.stderr.join(''));
    await presences.wait((u) => u.id === ourJid && u.presences?.[ourJid]?.lastKnownPresence === 'recording',
                         'Baileys sees us recording');
    baileys.end();
});
