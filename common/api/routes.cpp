#include "common/api/routes.hpp"

#include <array>

namespace wagw::api {
namespace {

constexpr std::array kRoutes{
    Route{RouteId::Health, HttpMethod::Get, "/api/health", false, false,
          "Is the gateway up? Returns its status, version and uptime.",
          R"({"status":"ok","version":"0.1.0","uptime_s":42,"demo":false})"},
    Route{RouteId::Events, HttpMethod::Get, "/api/events", true, true,
          "Live events over a WebSocket. The first event is always \"hello\". Send your key in a header, or "
          "(from a browser) open it with ?ticket= from POST /api/events/tickets.",
          R"({"id":null,"time":1700000000000,"type":"hello","session":null,)"
          R"("payload":{"version":"0.1.0","uptime_s":42}})",
          kDefaultMaxBodyBytes, Scope::EventsRead},
    Route{RouteId::EventTickets, HttpMethod::Post, "/api/events/tickets", false, true,
          "A single-use ticket, valid for 60 seconds, to open /api/events from a browser (which cannot send "
          "headers on a WebSocket).",
          R"({"ticket":"evt_...","expires_in_s":60})",
          kDefaultMaxBodyBytes, Scope::EventsRead},
    Route{RouteId::SessionCreate, HttpMethod::Post, "/api/sessions", false, true,
          "Create a session (a WhatsApp account to link) from {\"name\"}: 1 to 64 characters, unique. It "
          "starts stopped; start it to get a QR code. Times are unix milliseconds.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"stopped","state_reason":"created",)"
          R"("desired_running":false,"jid":"","phone":"","push_name":"","created_at":1700000000000,)"
          R"("updated_at":1700000000000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 201, R"({"name":"shop"})"},
    Route{RouteId::SessionList, HttpMethod::Get, "/api/sessions", false, true,
          "Every session, oldest first, with its state.",
          R"({"sessions":[{"id":"ses_0123456789abcdef","name":"shop","state":"connected",)"
          R"("state_reason":"logged in","desired_running":true,"jid":"15551234567:3@s.whatsapp.net",)"
          R"("phone":"15551234567","push_name":"","created_at":1700000000000,"updated_at":1700000060000}]})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionGet, HttpMethod::Get, "/api/sessions/:id", false, true,
          "One session and its state.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"scan_qr",)"
          R"("state_reason":"waiting for a QR scan","desired_running":true,"jid":"","phone":"",)"
          R"("push_name":"","created_at":1700000000000,"updated_at":1700000001000})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionUpdate, HttpMethod::Patch, "/api/sessions/:id", false, true,
          "Rename a session: {\"name\"}.",
          R"({"id":"ses_0123456789abcdef","name":"front desk","state":"stopped","state_reason":"created",)"
          R"("desired_running":false,"jid":"","phone":"","push_name":"","created_at":1700000000000,)"
          R"("updated_at":1700000002000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 200, R"({"name":"front desk"})"},
    Route{RouteId::SessionDelete, HttpMethod::Delete, "/api/sessions/:id", false, true,
          "Delete a session: its client stops (a connected device is unlinked first) and its data is "
          "removed.",
          R"({"deleted":true,"id":"ses_0123456789abcdef"})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionStart, HttpMethod::Post, "/api/sessions/:id/start", false, true,
          "Start the session's WhatsApp client; it comes back by itself after a gateway restart until "
          "stopped. A new session then shows QR codes (state scan_qr), a linked one logs in (connecting, "
          "connected).",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"starting","state_reason":"start requested",)"
          R"("desired_running":true,"jid":"","phone":"","push_name":"","created_at":1700000000000,)"
          R"("updated_at":1700000001000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionStop, HttpMethod::Post, "/api/sessions/:id/stop", false, true,
          "Stop the session's client; the device stays linked and logs in again at the next start.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"stopped","state_reason":"stop requested",)"
          R"("desired_running":false,"jid":"15551234567:3@s.whatsapp.net","phone":"15551234567",)"
          R"("push_name":"","created_at":1700000000000,"updated_at":1700000090000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionLogout, HttpMethod::Post, "/api/sessions/:id/logout", false, true,
          "Unlink the device from the WhatsApp account (a running session only); the state becomes "
          "logged_out and a new scan is needed.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"connected","state_reason":"logged in",)"
          R"("desired_running":true,"jid":"15551234567:3@s.whatsapp.net","phone":"15551234567",)"
          R"("push_name":"","created_at":1700000000000,"updated_at":1700000060000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionHistory, HttpMethod::Get, "/api/sessions/:id/history", false, true,
          "The session's state changes, oldest first, each with its time and reason.",
          R"({"history":[{"at_ms":1700000001000,"state":"starting","reason":"start requested"},)"
          R"({"at_ms":1700000001200,"state":"scan_qr","reason":"waiting for a QR scan"}]})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionMe, HttpMethod::Get, "/api/sessions/:id/me", false, true,
          "The WhatsApp account the session is linked to: our device JID, the phone number and the push name. "
          "409 not_linked before the first scan.",
          R"({"jid":"15551234567:3@s.whatsapp.net","phone":"15551234567","push_name":"Shop"})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionQr, HttpMethod::Get, "/api/sessions/:id/qr", false, true,
          "The QR code to scan with WhatsApp on the phone (Linked devices), while the session is in scan_qr; "
          "?format=png or ?format=svg gives it as an image, ?format=matrix as its modules ({\"size\",\"rows\"}, for "
          "drawing it yourself). 409 not_waiting_for_scan in any other state.",
          R"({"qr":"2@AbC...,XyZ...,DeF...,GhI...","expires_at":1700000061000})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionDemoScan, HttpMethod::Post, "/api/sessions/:id/demo/scan", false, true,
          "Demo mode only (wagw serve --demo): a virtual phone of the built-in WhatsApp simulator scans the "
          "session's current QR code, and the session links and connects.",
          R"({"scanned":true,"phone":"4915550123","device":1})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionPairingCode, HttpMethod::Post, "/api/sessions/:id/pairing-code", false, true,
          "Link by phone number instead of QR: from {\"phone\"} (any common written form, with its country "
          "code) the session's client restarts in link-code mode (state pairing_code) and the reply carries "
          "the 8-character code to type on that phone under Linked devices > Link with phone number (also "
          "sent as a session.pairing_code event). 409 already_linked for a linked session, 400 for a bad "
          "number.",
          R"({"code":"ABCD-EFGH","phone":"4915155500001","expires_at":1700000180000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 200, R"({"phone":"+49 151 5550-0001"})"},
    Route{RouteId::SessionDemoEnterCode, HttpMethod::Post, "/api/sessions/:id/demo/enter-code", false, true,
          "Demo mode only (wagw serve --demo): the virtual phone the pairing code was asked for types "
          "{\"code\"}, and the session links and connects (a wrong code fails the pairing).",
          R"({"entered":true,"phone":"4915155500001"})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 200, R"({"code":"ABCD-EFGH"})"},
    Route{RouteId::KeyCreate, HttpMethod::Post, "/api/keys", false, true,
          "Create an API key from {\"name\",\"scopes\":[...],\"sessions\"?:[ids]}: the scopes it may use "
          "(keys:manage stays with the admin key) and, optionally, the only sessions it may touch. The key is "
          "in this reply and never again: only its hash is kept.",
          R"({"id":"key_0123456789abcdef","name":"shop bot","scopes":["messages:send","sessions:read"],)"
          R"("sessions":["ses_0123456789abcdef"],"created_at":1700000000000,)"
          R"("key":"wagw_key_0123456789abcdef_...","note":"shown once: only a hash of this key is kept"})",
          kDefaultMaxBodyBytes, Scope::KeysManage, 201,
          R"({"name":"shop bot","scopes":["messages:send","sessions:read"],)"
          R"("sessions":["ses_0123456789abcdef"]})"},
    Route{RouteId::KeyList, HttpMethod::Get, "/api/keys", false, true,
          "Every API key with its name, scopes and sessions, oldest first; never the key itself.",
          R"({"keys":[{"id":"key_0123456789abcdef","name":"shop bot","scopes":["messages:send"],)"
          R"("sessions":null,"created_at":1700000000000}]})",
          kDefaultMaxBodyBytes, Scope::KeysManage},
    Route{RouteId::KeyDelete, HttpMethod::Delete, "/api/keys/:id", false, true,
          "Revoke an API key: requests with it are refused (401) from now on.",
          R"({"deleted":true,"id":"key_0123456789abcdef"})", kDefaultMaxBodyBytes, Scope::KeysManage},
    Route{RouteId::OpenApi, HttpMethod::Get, "/api/openapi.json", false, false,
          "This API described in OpenAPI 3.1, generated from the same route table as the server.",
          R"({"openapi":"3.1.0","info":{"title":"wagw","version":"0.1.0"},"paths":{}})", kDefaultMaxBodyBytes,
          Scope::Public},
    Route{RouteId::Docs, HttpMethod::Get, "/docs", false, false,
          "This reference as a web page: every route with its scope and a curl line to try it.",
          "<!doctype html><title>wagw API reference</title>...", kDefaultMaxBodyBytes, Scope::Public, 200, {},
          "text/html; charset=utf-8"},
    Route{RouteId::Metrics, HttpMethod::Get, "/metrics", false, true,
          "Prometheus metrics in the text format: sessions by state, HTTP requests by route and status, "
          "request latency histograms per route, open event sockets.",
          "# TYPE wagw_sessions gauge\nwagw_sessions{state=\"connected\"} 1\n", kDefaultMaxBodyBytes,
          Scope::MetricsRead, 200, {}, "text/plain; version=0.0.4; charset=utf-8"},
    Route{RouteId::WebhookCreate, HttpMethod::Post, "/api/webhooks", false, true,
          "Create a webhook from {\"url\",\"events\":[types, family.* or *],\"sessions\"?:[ids],\"secret\"?}. "
          "Every matching event is POSTed to url as the event envelope, signed: X-Wagw-Signature: "
          "sha256=<hex HMAC-SHA256 of \"<X-Wagw-Timestamp>.<body>\"> with the secret. The secret (generated "
          "when not given) is shown only in this reply.",
          R"({"id":"whk_0123456789abcdef","url":"https://example.com/hooks/wagw","events":["session.*"],)"
          R"("sessions":[],"created_at":1700000000000,"updated_at":1700000000000,"secret":"whsec_..."})"},
    Route{RouteId::WebhookList, HttpMethod::Get, "/api/webhooks", false, true,
          "Every webhook, oldest first (without secrets).",
          R"({"webhooks":[{"id":"whk_0123456789abcdef","url":"https://example.com/hooks/wagw",)"
          R"("events":["*"],"sessions":[],"created_at":1700000000000,"updated_at":1700000000000}]})"},
    Route{RouteId::WebhookGet, HttpMethod::Get, "/api/webhooks/:id", false, true, "One webhook.",
          R"({"id":"whk_0123456789abcdef","url":"https://example.com/hooks/wagw","events":["*"],)"
          R"("sessions":[],"created_at":1700000000000,"updated_at":1700000000000})"},
    Route{RouteId::WebhookUpdate, HttpMethod::Patch, "/api/webhooks/:id", false, true,
          "Change a webhook's url, events, sessions or secret (a new secret is shown in the reply).",
          R"({"id":"whk_0123456789abcdef","url":"https://example.com/hooks/v2","events":["message.*"],)"
          R"("sessions":[],"created_at":1700000000000,"updated_at":1700000050000})"},
    Route{RouteId::WebhookDelete, HttpMethod::Delete, "/api/webhooks/:id", false, true,
          "Delete a webhook and its delivery log; pending deliveries are dropped.",
          R"({"deleted":true,"id":"whk_0123456789abcdef"})"},
    Route{RouteId::WebhookDeliveries, HttpMethod::Get, "/api/webhooks/:id/deliveries", false, true,
          "The webhook's deliveries, newest first (?limit=, default 100), each with every attempt: time, HTTP "
          "status (0: no answer) and error. Failed attempts are retried with exponential backoff and jitter "
          "(5 s, 30 s, 2 min, 10 min, ... 8 attempts); a 2xx answer ends it.",
          R"({"deliveries":[{"id":7,"webhook_id":"whk_0123456789abcdef","event_id":42,)"
          R"("event_type":"session.state","status":"delivered","attempts":2,"next_attempt_at":null,)"
          R"("created_at":1700000000000,"updated_at":1700000005100,"attempt_log":[{"attempt":1,)"
          R"("at":1700000000001,"status_code":503,"error":"the receiver answered 503","duration_ms":12},)"
          R"({"attempt":2,"at":1700000005080,"status_code":200,"error":"","duration_ms":9}]}]})"},
    Route{RouteId::WebhookReplay, HttpMethod::Post, "/api/webhooks/:id/deliveries/:delivery/replay", false, true,
          "Send a delivery's event again, now, as a new delivery (same body and event id).",
          R"({"id":8,"webhook_id":"whk_0123456789abcdef","event_id":42,"event_type":"session.state",)"
          R"("status":"pending","attempts":0,"next_attempt_at":1700000100000,"created_at":1700000100000,)"
          R"("updated_at":1700000100000,"attempt_log":[]})"},
    Route{RouteId::WebhookPing, HttpMethod::Post, "/api/webhooks/:id/ping", false, true,
          "Send this webhook a test event (type webhook.ping) now; follow it in its deliveries.",
          R"({"id":9,"webhook_id":"whk_0123456789abcdef","event_id":43,"event_type":"webhook.ping",)"
          R"("status":"pending","attempts":0,"next_attempt_at":1700000100000,"created_at":1700000100000,)"
          R"("updated_at":1700000100000,"attempt_log":[]})"},
    Route{RouteId::MessageSend, HttpMethod::Post, "/api/sessions/:id/messages", false, true,
          "Send a message. \"to\": a phone number in any common form, a user JID, a LID or a group JID; "
          "\"type\": text {text}, image|video|audio|voice|document|sticker {media_id (from POST .../media), "
          "media_url or media_base64, mimetype?, caption?, file_name?}, location {latitude, longitude, name?, "
          "address?}, contact {name, phone or vcard}, poll {question, options, selectable_count?}, reaction "
          "{message_id, emoji}; optional reply_to (a message id of this session) and mentions (text). Stored "
          "before the 202, sent in order, retried until the server takes it. Header Idempotency-Key: the same "
          "key and body give the same answer and one message.",
          R"({"id":"3EB0A1B2C3D4E5F6A7B8C9","status":"queued"})", kMaxMessageBodyBytes},
    Route{RouteId::MessageList, HttpMethod::Get, "/api/sessions/:id/messages", false, true,
          "Messages of the session in both directions, newest first. Query: chat (a phone number or JID), "
          "direction (in|out), limit (1-200, default 50), before (next_before of the previous page).",
          R"({"messages":[{"id":"3EB0A1B2C3D4E5F6A7B8C9","session":"ses_0123456789abcdef",)"
          R"("chat":"4915550123@s.whatsapp.net","direction":"out","type":"text","status":"read",)"
          R"("status_reason":"read receipt from 4915550123:0@s.whatsapp.net","from":"","push_name":"",)"
          R"("text":"hello","content":{"to":"4915550123@s.whatsapp.net","type":"text","text":"hello"},)"
          R"("timestamp":1700000001,"created_at":1700000000000,"updated_at":1700000003000}],)"
          R"("next_before":null})"},
    Route{RouteId::MessageGet, HttpMethod::Get, "/api/sessions/:id/messages/:mid", false, true,
          "One message with its status and timeline (queued, sent, delivered, read, played, or failed with "
          "the reason; a status never goes back).",
          R"({"id":"3EB0A1B2C3D4E5F6A7B8C9","session":"ses_0123456789abcdef",)"
          R"("chat":"4915550123@s.whatsapp.net","direction":"out","type":"text","status":"delivered",)"
          R"("status_reason":"delivered receipt from 4915550123:0@s.whatsapp.net","from":"","push_name":"",)"
          R"("text":"hello","content":{"to":"4915550123@s.whatsapp.net","type":"text","text":"hello"},)"
          R"("timestamp":1700000001,"created_at":1700000000000,"updated_at":1700000002000,"timeline":[)"
          R"({"status":"queued","reason":"accepted","at_ms":1700000000000},)"
          R"({"status":"sent","reason":"acknowledged by the server","at_ms":1700000001000},)"
          R"({"status":"delivered","reason":"delivered receipt from 4915550123:0@s.whatsapp.net",)"
          R"("at_ms":1700000002000}]})"},
    Route{RouteId::MessageEdit, HttpMethod::Patch, "/api/sessions/:id/messages/:mid", false, true,
          "Edit a text message this account sent: {\"text\"}. The edit is itself a queued message; 409 for a "
          "message of someone else (not_own_message) or one not sent yet (not_sent).",
          R"({"id":"3EB0F1E2D3C4B5A6978812","status":"queued","edits":"3EB0A1B2C3D4E5F6A7B8C9"})"},
    Route{RouteId::MessageRevoke, HttpMethod::Delete, "/api/sessions/:id/messages/:mid", false, true,
          "Delete a message this account sent, for everyone. The revoke is itself a queued message; 409 for a "
          "message of someone else or one not sent yet.",
          R"({"id":"3EB0F1E2D3C4B5A6978813","status":"queued","revokes":"3EB0A1B2C3D4E5F6A7B8C9"})"},
    Route{RouteId::MediaUpload, HttpMethod::Post, "/api/sessions/:id/media", false, true,
          "Upload a file to send later as media_id: the raw bytes with their Content-Type (the name from "
          "?filename= or Content-Disposition), or multipart/form-data with one file part. At most 64 MiB "
          "(413 above); a missing or generic type is read from the bytes (JPEG, PNG, WebP, GIF, MP4, OGG, "
          "PDF). The same bytes are stored once.",
          R"({"media_id":"med_0123456789abcdef01234567",)"
          R"("sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",)"
          R"("size":48213,"mimetype":"image/jpeg","file_name":"photo.jpg"})",
          kMaxMediaBytes, Scope::MessagesSend, 201},
    Route{RouteId::MediaFetch, HttpMethod::Post, "/api/sessions/:id/media/fetch", false, true,
          "Fetch {\"url\"} (http or https) into the media store, as an upload would; the same check a "
          "media_url in a send gets. Private, loopback and link-local addresses are refused (also after a "
          "redirect) unless the gateway runs with --media-allow-private; at most 64 MiB.",
          R"({"media_id":"med_0123456789abcdef01234567",)"
          R"("sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",)"
          R"("size":48213,"mimetype":"image/jpeg","file_name":"photo.jpg"})",
          kDefaultMaxBodyBytes, Scope::MessagesSend, 201, R"({"url":"https://example.com/photo.jpg"})"},
    Route{RouteId::MediaGet, HttpMethod::Get, "/api/sessions/:id/media/:media_id", false, true,
          "The bytes of an uploaded or fetched file, with its Content-Type.", "(the file's bytes)",
          kDefaultMaxBodyBytes, Scope::MessagesRead, 200, {}, "application/octet-stream"},
    // Templates use the messages scopes: reading one is like reading messages, changing one changes what is
    // sent.
    Route{RouteId::TemplatePreview, HttpMethod::Post, "/api/templates/preview", false, true,
          "Render a template as a send would, from {\"template\" (the text) or \"template_id\", \"vars\"?: "
          "{name, phone, custom fields}, \"recipient\"?: a phone number or contact id (it picks the spintax "
          "options: the same recipient always gets the same ones; without it, every first option), \"tz\"?: "
          "an IANA zone for {{today}} and {{date:+3d}} (default UTC), \"at\"?: unix ms (default now)}. "
          "\"variant\": the options chosen (1-based); \"missing\": variables with no value and no fallback. "
          "A bad template is a 400 invalid_template with its line and column.",
          R"({"text":"Hello Ann, your order ships 2024-03-17.","missing":[],"variant":"2"})",
          kDefaultMaxBodyBytes, Scope::MessagesRead, 200,
          R"({"template":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}.",)"
          R"("vars":{"name":"Ann Lee"},"recipient":"+49 151 5550 0001","tz":"Europe/Berlin"})"},
    Route{RouteId::TemplateCreate, HttpMethod::Post, "/api/templates", false, true,
          "Create a message template from {\"name\" (unique, 1 to 100 characters), \"body\", "
          "\"media_id\"?: for a media message, the body being its caption}. In the body: {{name}}, {{phone}}, "
          "custom fields like {{city}}, {{field|fallback}}, filters {{name:upper}} (upper, lower, title), "
          "{{first_name}}, {{today}}, {{date:+3d}} (d, w, m, y), spintax {Hi|Hello} (nestable), escapes "
          "\\{ \\} \\| \\\\; WhatsApp's *bold* and _italic_ pass through. A bad body is a 400 "
          "invalid_template with \"line\" and \"column\". Idempotency-Key: a retry gets the first answer.",
          R"({"id":"tpl_0123456789abcdef","name":"welcome",)"
          R"("body":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}.","media_id":null,)"
          R"("variables":["first_name","date"],"spintax":true,"created_at":1700000000000,)"
          R"("updated_at":1700000000000})",
          kDefaultMaxBodyBytes, Scope::MessagesSend, 201,
          R"({"name":"welcome","body":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}."})"},
    Route{RouteId::TemplateList, HttpMethod::Get, "/api/templates", false, true,
          "Every template, by name, with the variables its body uses.",
          R"({"templates":[{"id":"tpl_0123456789abcdef","name":"welcome",)"
          R"("body":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}.","media_id":null,)"
          R"("variables":["first_name","date"],"spintax":true,"created_at":1700000000000,)"
          R"("updated_at":1700000000000}]})",
          kDefaultMaxBodyBytes, Scope::MessagesRead},
    Route{RouteId::TemplateGet, HttpMethod::Get, "/api/templates/:id", false, true, "One template.",
          R"({"id":"tpl_0123456789abcdef","name":"welcome",)"
          R"("body":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}.","media_id":null,)"
          R"("variables":["first_name","date"],"spintax":true,"created_at":1700000000000,)"
          R"("updated_at":1700000000000})",
          kDefaultMaxBodyBytes, Scope::MessagesRead},
    Route{RouteId::TemplateUpdate, HttpMethod::Patch, "/api/templates/:id", false, true,
          "Change a template's name, body or media_id (null removes the media); the body is checked as on "
          "create.",
          R"({"id":"tpl_0123456789abcdef","name":"welcome",)"
          R"("body":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}.","media_id":null,)"
          R"("variables":["first_name","date"],"spintax":true,"created_at":1700000000000,)"
          R"("updated_at":1700000000000})",
          kDefaultMaxBodyBytes, Scope::MessagesSend, 200,
          R"({"body":"{Hi|Hello} {{first_name|there}}, your order ships {{date:+3d}}."})"},
    Route{RouteId::TemplateDelete, HttpMethod::Delete, "/api/templates/:id", false, true, "Delete a template.",
          R"({"deleted":true,"id":"tpl_0123456789abcdef"})", kDefaultMaxBodyBytes, Scope::MessagesSend},
};

}  // namespace

std::string_view method_name(HttpMethod method) {
    switch (method) {
        case HttpMethod::Get: return "GET";
        case HttpMethod::Post: return "POST";
        case HttpMethod::Put: return "PUT";
        case HttpMethod::Patch: return "PATCH";
        case HttpMethod::Delete: return "DELETE";
    }
    return "GET";
}

std::span<const Route> all_routes() { return kRoutes; }

const Route& route(RouteId id) {
    for (const Route& r : kRoutes) {
        if (r.id == id) return r;
    }
    return kRoutes.front();  // unreachable: every RouteId has a row, checked by the route table test
}

}  // namespace wagw::api
