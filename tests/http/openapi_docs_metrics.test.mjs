// The generated API description and pages, against the real binary: /api/openapi.json passes a real OpenAPI
// 3.1 validator (@apidevtools/swagger-parser) and lists every route with its scope; /docs is readable HTML
// with a curl line per route; /metrics is Prometheus text that needs the metrics:read scope and counts the
// requests just made.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import SwaggerParser from '@apidevtools/swagger-parser';

import { makeApiKey, startGateway } from '../support/gateway.mjs';

describe('OpenAPI, /docs and /metrics', () => {
  let gateway;

  before(async () => { gateway = await startGateway({ apiKey: makeApiKey() }); });
  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  test('openapi.json is valid OpenAPI 3.1 and describes every route, open and scoped', async () => {
    const reply = await fetch(`${gateway.url}/api/openapi.json`);  // no key: it is public
    assert.equal(reply.status, 200);
    const document = await reply.json();
    assert.equal(document.openapi, '3.1.0');
    // validate() rejects a document that breaks the 3.1 schema or its rules (duplicate operationIds, path
    // parameters not declared, broken $refs); it changes its argument, so it gets a copy.
    await SwaggerParser.validate(structuredClone(document));

    const session = document.paths['/api/sessions/{id}'];
    assert.ok(session.get && session.patch && session.delete);
    assert.deepEqual(session.get.parameters, [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    assert.equal(session.get['x-wagw-scope'], 'sessions:read');
    assert.equal(session.delete['x-wagw-scope'], 'sessions:write');
    assert.equal(document.paths['/api/keys'].post['x-wagw-scope'], 'keys:manage');
    assert.deepEqual(document.paths['/api/keys'].post.requestBody.content['application/json'].example.scopes,
                     ['messages:send', 'sessions:read']);
    assert.ok(document.paths['/api/sessions'].post.responses['201']);
    assert.equal(document.paths['/api/sessions'].post.responses['403'].$ref, '#/components/responses/Forbidden');
    assert.deepEqual(document.paths['/api/health'].get.security, []);
    assert.deepEqual(document.security, [{ apiKey: [] }, { bearer: [] }]);
    assert.equal(document.components.securitySchemes.apiKey.name, 'X-Api-Key');
    assert.equal(document.components.securitySchemes.bearer.scheme, 'bearer');
    assert.deepEqual(document.components.schemas.Error.properties.error.required, ['code', 'message']);
    // Every route the server answers is in it: 'GET /docs', the WebSocket, ...
    assert.ok(document.paths['/docs'].get.responses['200'].content['text/html']);
    assert.ok(document.paths['/api/events'].get.responses['101']);
    assert.ok(document.paths['/metrics'].get.responses['401']);
  });

  test('a document with a mistake fails the same validator (the check can fail)', async () => {
    const original = await (await fetch(`${gateway.url}/api/openapi.json`)).json();
    const mistakes = [
      (d) => { delete d.info.title; },
      (d) => { d.components.securitySchemes.apiKey.in = 'url'; },
      (d) => { d.paths['/api/sessions/{id}'].get.responses = 'none'; },
      (d) => { d.paths['/api/sessions'].post.responses['201'].$ref = '#/components/responses/Missing'; },
    ];
    for (const mistake of mistakes) {
      const document = structuredClone(original);
      mistake(document);
      await assert.rejects(SwaggerParser.validate(document), String(mistake));
    }
  });

  test('/docs lists every route with its scope and a curl line, escaped', async () => {
    const reply = await fetch(`${gateway.url}/docs`);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type'), /^text\/html/);
    const html = await reply.text();
    const document = await (await fetch(`${gateway.url}/api/openapi.json`)).json();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const id = `${method.toUpperCase()}${path}`;
        const start = html.indexOf(`<section id="${id}">`);
        assert.ok(start >= 0, `no section for ${id}`);
        const section = html.slice(start, html.indexOf('</section>', start));
        if (operation['x-wagw-scope'] === 'public') assert.match(section, /no key needed/);
        else assert.ok(section.includes(`<code>${operation['x-wagw-scope']}</code>`), id);
      }
    }
    assert.ok(html.includes(`curl -X POST -H &quot;X-Api-Key: $WAGW_API_KEY&quot; -H &#39;Content-Type: ` +
                            `application/json&#39; -d &#39;{&quot;name&quot;:&quot;shop&quot;}&#39; ` +
                            `&quot;${gateway.url}/api/sessions&quot;`));
    // Nothing from the table reaches the page unescaped: no tag but ours.
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((m) => m[1]));
    assert.deepEqual([...tags].sort(), ['a', 'body', 'code', 'div', 'h1', 'h2', 'head', 'html', 'meta', 'p', 'pre',
                                        'section', 'span', 'style', 'table', 'td', 'title', 'tr']);
  });

  test('/metrics needs metrics:read and counts requests by route and status', async () => {
    assert.equal((await fetch(`${gateway.url}/metrics`)).status, 401);
    const created = await (await fetch(`${gateway.url}/api/keys`, {
      method: 'POST',
      headers: { 'X-Api-Key': gateway.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'prometheus', scopes: ['metrics:read'] }),
    })).json();
    assert.equal((await fetch(`${gateway.url}/api/sessions`, { headers: { 'X-Api-Key': created.key } })).status, 403);
    await fetch(`${gateway.url}/api/sessions`, { method: 'POST', headers: { 'X-Api-Key': gateway.apiKey },
                                                 body: '{"name":"metered"}' });
    for (let i = 0; i < 3; ++i) await fetch(`${gateway.url}/api/sessions/ses_0000000000000000`,
                                            { headers: { 'X-Api-Key': gateway.apiKey } });

    const reply = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${created.key}` } });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await reply.text();
    const value = (series) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    assert.equal(value('wagw_http_requests_total{method="GET",route="/api/sessions/:id",status="404"}'), 3);
    assert.equal(value('wagw_http_requests_total{method="GET",route="/api/sessions",status="403"}'), 1);
    assert.equal(value('wagw_http_requests_total{method="POST",route="/api/sessions",status="201"}'), 1);
    assert.equal(value('wagw_http_requests_total{method="GET",route="/metrics",status="401"}'), 1);
    assert.equal(value('wagw_http_request_duration_seconds_count{method="GET",route="/api/sessions/:id"}'), 3);
    assert.equal(value('wagw_http_request_duration_seconds_bucket{method="GET",route="/api/sessions/:id",le="+Inf"}'), 3);
    assert.equal(value('wagw_sessions{state="stopped"}'), 1);
    assert.equal(value('wagw_sessions{state="connected"}'), 0);
    assert.equal(value('wagw_event_sockets'), 0);
    assert.match(text, /# TYPE wagw_http_request_duration_seconds histogram\n/);
    assert.match(text, /# TYPE wagw_sessions gauge\n/);
    assert.ok(!text.includes('ses_0000000000000000'), 'series carry route patterns, not ids');
    // Buckets are cumulative.
    const buckets = text.split('\n').filter((l) => l.startsWith('wagw_http_request_duration_seconds_bucket{method="GET",route="/api/sessions/:id"'))
      .map((l) => Number(l.split(' ').pop()));
    assert.deepEqual([...buckets].sort((a, b) => a - b), buckets);
  });
});
