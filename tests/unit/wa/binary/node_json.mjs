// The JSON form of a WABinary node shared by the Baileys cross-check and wa_binary_tool (whose C++ half is
// node_json.cpp). It is "a node as Baileys sees it", so both codecs can be compared with deepEqual:
//
//   { "tag": string,
//     "attrs": [[key, value], ...],       wire order; values are strings, JIDs in Baileys' decoded spelling
//     "content": null                     no content item
//              | { "bytes": "<hex>" }     BINARY_8/20/32 content (lowercase hex)
//              | { "text": string }       any other string item: token, packed string, or JID text
//              | [ node, ... ] }          a child list (possibly empty)
//
// Baileys' decoded spelling of a JID, by wire form:
//   JID_PAIR     user@server (user may be empty: "@s.whatsapp.net")
//   AD_JID       user[:device]@server, device omitted when 0; the domain byte only picks the server
//                (0 s.whatsapp.net, 1 lid, 128 hosted, 129 hosted.lid, anything else s.whatsapp.net)
//   FB_JID       user:device@msgr
//   INTEROP_JID  integrator-user:device@interop
// For encoding, a value containing '@' is a JID (that is what Baileys' encoder does with any such string).

/** Baileys' decoded node ({tag, attrs: {k: v}, content}) -> JSON form. */
export function toJsonForm(node) {
  const attrs = Object.entries(node.attrs ?? {}).map(([key, value]) => [key, String(value)]);
  let content = null;
  if (Array.isArray(node.content)) content = node.content.map(toJsonForm);
  else if (node.content instanceof Uint8Array) content = { bytes: Buffer.from(node.content).toString('hex') };
  else if (typeof node.content === 'string') content = { text: node.content };
  else if (node.content !== undefined && node.content !== null) throw new Error(`unexpected content in <${node.tag}>`);
  return { tag: node.tag, attrs, content };
}

/** JSON form -> the node Baileys' encodeBinaryNode takes. */
export function toBaileysNode(json) {
  const attrs = {};
  for (const [key, value] of json.attrs ?? []) {
    if (key in attrs) throw new Error(`duplicate attribute ${key} in <${json.tag}>`);
    attrs[key] = value;
  }
  const node = { tag: json.tag, attrs };
  const { content } = json;
  if (Array.isArray(content)) node.content = content.map(toBaileysNode);
  else if (content && typeof content.bytes === 'string') node.content = Buffer.from(content.bytes, 'hex');
  else if (content && typeof content.text === 'string') node.content = content.text;
  return node;
}

/** Terse construction for corpora: attrs as an object (insertion order) or pairs; content as
 *  undefined | Buffer | string | array of nodes. */
export function node(tag, attrs = {}, content = undefined) {
  const pairs = Array.isArray(attrs) ? attrs : Object.entries(attrs);
  let json = null;
  if (Array.isArray(content)) json = content;
  else if (Buffer.isBuffer(content)) json = { bytes: content.toString('hex') };
  else if (typeof content === 'string') json = { text: content };
  return { tag, attrs: pairs, content: json };
}
