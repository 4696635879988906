// `wagw client check` (is-on-WhatsApp by usync contact) and `wagw client presence` against the real wasim binary.
// The presence part shows that the stanzas are sent on a logged-in connection and accepted; that they reach a peer
// (wasim routes them) is wasim_presence.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkClient, runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('contacts');

async function run(args) {
    const client = runClient([args[0], '--data', dir('wagw'), ...args.slice(1)]);
    const code = await withTimeout(client.exited, 20000, args.join(' '));
    return { code, events: client.events, stderr: client.stderr.join('') };
}

test('is-on-WhatsApp tells registered numbers from others; presence and chat states are sent', async () => {
    const ours = '15550007001', friend = '15550007002', stranger = '15550007999';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Checker' });
    await wasim.admin('POST', '/admin/accounts', { phone: friend, push_name: 'Friend' });
    await linkClient(wasim, ours, dir('wagw'));

    const checked = await run(['check', '--number', friend, '--number', `+${stranger}`]);
    assert.equal(checked.code, 0, checked.stderr);
    const answers = checked.events.filter((e) => e.event === 'on_whatsapp');
    assert.deepEqual(answers.map((a) => [a.phone, a.registered]).sort(), [[friend, true], [stranger, false]]);
    assert.equal(answers.find((a) => a.phone === friend).jid, `${friend}@s.whatsapp.net`);
    assert.equal(answers.find((a) => a.phone === friend).push_name, '', 'no name before a message of theirs');

    // A message from the friend shows their push name, and the client remembers it (in SQLite: `check` runs in
    // another process).
    const listen = runClient(['listen', '--data', dir('wagw')]);
    await listen.waitFor('connected');
    const sent = await wasim.admin('POST', `/admin/accounts/${friend}/messages`, { to: ours, text: 'hello' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal((await listen.waitFor('message', (e) => e.id === sent.body.id)).push_name, 'Friend');
    assert.equal(await listen.stop(), 0);
    const again = await run(['check', '--number', friend]);
    assert.equal(again.events.find((e) => e.event === 'on_whatsapp').push_name, 'Friend');

    for (const args of [['--state', 'available'], ['--state', 'typing', '--to', friend], ['--state', 'paused', '--to', friend]]) {
        const sent = await run(['presence', ...args]);
        assert.equal(sent.code, 0, sent.stderr);
        assert.ok(sent.events.some((e) => e.event === 'presence_sent'), JSON.stringify(sent.events));
    }
});
