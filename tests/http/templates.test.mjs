// Message templates against the real binary and a real SQLite file: CRUD (with the body checked at save, a
// bad one refused with its line and column), previews of every feature of the template language, spintax
// that gives one recipient the same variant every time and different recipients different ones, scopes, and
// templates surviving a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api } from '../support/api.mjs';
import { makeApiKey, makeDataDir, startGateway } from '../support/gateway.mjs';

const preview = (gateway, body) => api(gateway, 'POST', '/api/templates/preview', { body });

// The date a person in `timeZone` sees at `ms`, as YYYY-MM-DD.
function localDate(ms, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(ms));
}

describe('templates', () => {
  const dataDir = makeDataDir();
  const apiKey = makeApiKey();
  let gateway;

  before(async () => { gateway = await startGateway({ dataDir, apiKey }); });
  after(async () => { await gateway?.stop(); });

  test('create, read, list, update and delete a template', async () => {
    const body = '{Hi|Hello} *{{first_name|there}}*, your order {{order}} ships {{date:+3d}}.';
    const created = await api(gateway, 'POST', '/api/templates', { body: { name: 'Order shipped', body } });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const tpl = created.json;
    assert.match(tpl.id, /^tpl_[0-9a-f]{16}$/);
    assert.equal(tpl.name, 'Order shipped');
    assert.equal(tpl.body, body);
    assert.equal(tpl.media_id, null);
    assert.deepEqual(tpl.variables, ['first_name', 'order', 'date']);
    assert.equal(tpl.spintax, true);

    const read = await api(gateway, 'GET', `/api/templates/${tpl.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, tpl);

    const media = await api(gateway, 'POST', '/api/templates',
                            { body: { name: 'catalogue', body: 'Our new catalogue, {{name}}', media_id: 'med_00ff' } });
    assert.equal(media.status, 201);
    assert.equal(media.json.media_id, 'med_00ff');

    const list = await api(gateway, 'GET', '/api/templates');
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.templates.map((t) => t.name), ['catalogue', 'Order shipped']);

    const renamed = await api(gateway, 'PATCH', `/api/templates/${tpl.id}`,
                              { body: { name: 'Shipped', body: 'Shipped, {{name}}!' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.json.name, 'Shipped');
    assert.equal(renamed.json.body, 'Shipped, {{name}}!');
    assert.equal(renamed.json.created_at, tpl.created_at);
    assert.ok(renamed.json.updated_at >= tpl.updated_at);
    const dropMedia = await api(gateway, 'PATCH', `/api/templates/${media.json.id}`, { body: { media_id: null } });
    assert.equal(dropMedia.json.media_id, null);
    assert.equal(dropMedia.json.body, 'Our new catalogue, {{name}}');

    const removed = await api(gateway, 'DELETE', `/api/templates/${tpl.id}`);
    assert.deepEqual([removed.status, removed.json], [200, { deleted: true, id: tpl.id }]);
    assert.equal((await api(gateway, 'GET', `/api/templates/${tpl.id}`)).status, 404);
    assert.deepEqual((await api(gateway, 'GET', '/api/templates')).json.templates.map((t) => t.name), ['catalogue']);
  });

  test('a bad template is refused with its line and column, on create, update and preview', async () => {
    const bad = await api(gateway, 'POST', '/api/templates',
                          { body: { name: 'broken', body: 'Hello {{name}},\nyour code is {{code' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_template');
    assert.equal(bad.json.error.field, 'body');
    assert.equal(bad.json.error.line, 2);
    assert.equal(bad.json.error.column, 14);
    assert.match(bad.json.error.message, /^body, line 2, column 14: this \{\{ is never closed/);
    assert.deepEqual((await api(gateway, 'GET', '/api/templates')).json.templates.filter((t) => t.name === 'broken'), []);

    const cases = [
      ['Hi {{name:shout}}', 1, 11, /unknown filter "shout"/],
      ['{Hi|Hello there', 1, 1, /never closed with \}/],
      ['ok\nthen}', 2, 5, /closes nothing/],
      ['{{date:+3x}}', 1, 8, /not a date offset/],
    ];
    for (const [template, line, column, reason] of cases) {
      const reply = await preview(gateway, { template });
      assert.equal(reply.status, 400, template);
      assert.deepEqual([reply.json.error.code, reply.json.error.field, reply.json.error.line, reply.json.error.column],
                       ['invalid_template', 'template', line, column], template);
      assert.match(reply.json.error.message, reason);
    }

    const good = await api(gateway, 'POST', '/api/templates', { body: { name: 'fine', body: 'ok {{name}}' } });
    const update = await api(gateway, 'PATCH', `/api/templates/${good.json.id}`, { body: { body: 'ok {a|b' } });
    assert.equal(update.status, 400);
    assert.deepEqual([update.json.error.line, update.json.error.column], [1, 4]);
    assert.equal((await api(gateway, 'GET', `/api/templates/${good.json.id}`)).json.body, 'ok {{name}}');
  });

  test('other bad requests name their field; unknown ids are 404', async () => {
    const table = [
      ['POST', '/api/templates', { body: 'x' }, 400, 'missing_field', 'name'],
      ['POST', '/api/templates', { name: 'x' }, 400, 'missing_field', 'body'],
      ['POST', '/api/templates', { name: '', body: 'x' }, 400, 'invalid_field', 'name'],
      ['POST', '/api/templates', { name: 'x', body: 'x', text: 'y' }, 400, 'invalid_field', 'text'],
      ['POST', '/api/templates', { name: 'x', body: 'x', media_id: 'photo.jpg' }, 400, 'invalid_field', 'media_id'],
      ['POST', '/api/templates', { name: 'FINE', body: 'x' }, 409, 'name_taken', 'name'],
      ['GET', '/api/templates/tpl_0000000000000000', undefined, 404, 'not_found', 'id'],
      ['PATCH', '/api/templates/tpl_0000000000000000', { name: 'y' }, 404, 'not_found', 'id'],
      ['DELETE', '/api/templates/tpl_0000000000000000', undefined, 404, 'not_found', 'id'],
      ['POST', '/api/templates/preview', { template_id: 'tpl_0000000000000000' }, 404, 'not_found', 'template_id'],
      ['POST', '/api/templates/preview', {}, 400, 'missing_field', 'template'],
      ['POST', '/api/templates/preview', { template: 'a', template_id: 'b' }, 400, 'invalid_field', 'template'],
      ['POST', '/api/templates/preview', { template: '{{today}}', tz: 'Mars/Olympus' }, 400, 'invalid_field', 'tz'],
      ['POST', '/api/templates/preview', { template: 'a', vars: [1] }, 400, 'invalid_field', 'vars'],
    ];
    for (const [method, path, body, status, code, field] of table) {
      const reply = await api(gateway, method, path, { body });
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      assert.equal(reply.status, status, `${label}: ${JSON.stringify(reply.json)}`);
      assert.equal(reply.json.error.code, code, label);
      assert.equal(reply.json.error.field, field, label);
    }
    const notJson = await api(gateway, 'POST', '/api/templates', { raw: '{nope' });
    assert.deepEqual([notJson.status, notJson.json.error.code], [400, 'invalid_json']);
  });

  test('preview: variables, custom fields, fallbacks, filters, first_name, formatting and escapes', async () => {
    const vars = { name: 'ann-marie smith', city: 'Berlin', Order_ID: 1234, empty: '' };
    const cases = [
      ['Hi {{name}} from {{City}}, order #{{order_id}}', 'Hi ann-marie smith from Berlin, order #1234'],
      ['Hi {{first_name}}!', 'Hi ann-marie!'],
      ['Hi {{first_name:title}} / {{name:upper}}', 'Hi Ann-Marie / ANN-MARIE SMITH'],
      ['Hi {{nickname|friend}}, {{empty|no value}}', 'Hi friend, no value'],
      ['*{{city}}* _italic_ ~gone~ ```{{order_id}}```', '*Berlin* _italic_ ~gone~ ```1234```'],
      ['\\{not spintax\\} a\\|b \\\\ {{x|a \\} b}}', '{not spintax} a|b \\ a } b'],
    ];
    for (const [template, text] of cases) {
      const reply = await preview(gateway, { template, vars });
      assert.equal(reply.status, 200, `${template}: ${JSON.stringify(reply.json)}`);
      assert.equal(reply.json.text, text, template);
      assert.deepEqual(reply.json.missing, [], template);
      assert.equal(reply.json.variant, undefined, template);
    }
    const missing = await preview(gateway, { template: 'Hi {{nickname}} from {{zip}}' });
    assert.deepEqual([missing.json.text, missing.json.missing], ['Hi  from ', ['nickname', 'zip']]);
    // A phone recipient fills {{phone}} in E.164 digits.
    const phone = await preview(gateway, { template: 'To {{phone}}', recipient: '+49 151 5550-0001' });
    assert.equal(phone.json.text, 'To 4915155500001');
  });

  test('preview of a stored template by id, with its media', async () => {
    const stored = await api(gateway, 'POST', '/api/templates',
                             { body: { name: 'promo', body: 'New in {{city|town}}!', media_id: 'med_1234' } });
    const reply = await preview(gateway, { template_id: stored.json.id, vars: { city: 'Porto' } });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json, { text: 'New in Porto!', missing: [], media_id: 'med_1234' });
  });

  test('preview: {{today}} and {{date:..}} in the given time zone, across a DST change', async () => {
    // 2024-03-31 00:30 UTC: already the 31st in Berlin (the night clocks go forward), still the 30th in New York.
    const at = Date.UTC(2024, 2, 31, 0, 30);
    const template = '{{today}} {{date:+1d}} {{date:-1w}} {{date:+1m}} {{date:+1y}}';
    const berlin = await preview(gateway, { template, tz: 'Europe/Berlin', at });
    assert.equal(berlin.json.text, '2024-03-31 2024-04-01 2024-03-24 2024-04-30 2025-03-31');
    const newYork = await preview(gateway, { template, tz: 'America/New_York', at });
    assert.equal(newYork.json.text, '2024-03-30 2024-03-31 2024-03-23 2024-04-30 2025-03-30');
    const utc = await preview(gateway, { template: '{{today}}', at });
    assert.equal(utc.json.text, '2024-03-31');
    // Without "at": now, in that zone.
    const before = Date.now();
    const now = await preview(gateway, { template: '{{today}}', tz: 'Asia/Tokyo' });
    const after = Date.now();
    assert.ok([localDate(before, 'Asia/Tokyo'), localDate(after, 'Asia/Tokyo')].includes(now.json.text),
              now.json.text);
  });

  test('spintax: one recipient gets the same variant every time; many recipients get every variant', async () => {
    const template = '{Hi|Hello|Hey} {{name}}, {see you soon|bye|{take care|cheers}}!';
    const first = await preview(gateway, { template, vars: { name: 'Ann' }, recipient: '+49 151 5550 0001' });
    assert.equal(first.status, 200);
    assert.match(first.json.variant, /^[1-3]\.[1-3](\.[12])?$/);
    // The same person written another way, and a second ask: the same words.
    const again = await preview(gateway, { template, vars: { name: 'Ann' }, recipient: '4915155500001' });
    assert.deepEqual(again.json, first.json);
    const third = await preview(gateway, { template, vars: { name: 'Ann' }, recipient: '+49 151 5550 0001' });
    assert.deepEqual(third.json, first.json);

    const texts = new Set();
    const greetings = new Map();
    for (let i = 0; i < 60; i++) {
      const reply = await preview(gateway, { template, vars: { name: 'Ann' }, recipient: `49151555${String(i).padStart(5, '0')}` });
      texts.add(reply.json.text);
      const greeting = reply.json.text.split(' ')[0];
      greetings.set(greeting, (greetings.get(greeting) ?? 0) + 1);
    }
    assert.deepEqual([...greetings.keys()].sort(), ['Hello', 'Hey', 'Hi']);
    for (const count of greetings.values()) assert.ok(count >= 8, JSON.stringify([...greetings]));
    assert.ok(texts.size >= 9, `only ${texts.size} different texts`);
    // No recipient: the template as written, every first option.
    const plain = await preview(gateway, { template, vars: { name: 'Ann' } });
    assert.deepEqual([plain.json.text, plain.json.variant], ['Hi Ann, see you soon!', '1.1']);
  });

  test('Idempotency-Key: a retried create gets the first template, not a name clash', async () => {
    const headers = { 'Idempotency-Key': 'tpl-retry-1' };
    const body = { name: 'retry me', body: 'once' };
    const first = await api(gateway, 'POST', '/api/templates', { body, headers });
    const second = await api(gateway, 'POST', '/api/templates', { body, headers });
    assert.deepEqual([first.status, second.status], [201, 201]);
    assert.deepEqual(second.json, first.json);
    const other = await api(gateway, 'POST', '/api/templates', { body: { ...body, body: 'twice' }, headers });
    assert.deepEqual([other.status, other.json.error.code], [409, 'idempotency_conflict']);
  });

  test('scopes: messages:read may list and preview, only messages:send may change templates', async () => {
    const made = await api(gateway, 'POST', '/api/keys', { body: { name: 'reader', scopes: ['messages:read'] } });
    assert.equal(made.status, 201);
    const reader = { ...gateway, apiKey: made.json.key };
    assert.equal((await api(reader, 'GET', '/api/templates')).status, 200);
    assert.equal((await preview(reader, { template: 'hi' })).status, 200);
    const refused = await api(reader, 'POST', '/api/templates', { body: { name: 'nope', body: 'x' } });
    assert.equal(refused.status, 403);
    assert.equal((await api(gateway, 'GET', '/api/templates', { key: null })).status, 401);
  });

  test('templates survive a restart', async () => {
    const before = (await api(gateway, 'GET', '/api/templates')).json.templates;
    assert.ok(before.length >= 3);
    await gateway.stop();
    gateway = await startGateway({ dataDir, apiKey });
    const afterRestart = (await api(gateway, 'GET', '/api/templates')).json.templates;
    assert.deepEqual(afterRestart, before);
  });
});
