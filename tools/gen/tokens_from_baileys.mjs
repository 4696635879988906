#!/usr/bin/env node
// Prints the WABinary token dictionaries that an installed npm Baileys carries, in the tokens.txt format that
// tools/gen/tokens.py reads (SECTION<TAB>INDEX<TAB>TOKEN; sections S and D0..D3).
//
// Why: Baileys 6 speaks dictionary version 2 (its connection header is "WA" 6 2), and on this machine the
// only copy of that dictionary is the npm package baileys@6.17.16 (installed by tools/setup as the alias
// `baileys6`). The tokens are protocol data; this step only moves them into our generator's input format.
//
//   node tools/gen/tokens_from_baileys.mjs [MODULE]    MODULE defaults to baileys6
//   ... | tools/gen/tokens.py --version 2 --input - [--check]
//
// It refuses a package whose DICT_VERSION differs from what its header says, or whose tables do not have the
// wire's shape (236 single-byte tokens, four dictionaries of 256), rather than emitting a partial table.
import { createRequire } from 'node:module';

const moduleName = process.argv[2] ?? 'baileys6';
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`tokens_from_baileys: ${message}\n`);
  process.exit(1);
}

let constants;
let defaults;
let packageJson;
try {
  // Baileys 6 is CommonJS; its package.json "exports" (if any) may hide lib/, so resolve by path.
  const packageDir = require.resolve(`${moduleName}/package.json`).replace(/package\.json$/, '');
  packageJson = require(`${packageDir}package.json`);
  constants = require(`${packageDir}lib/WABinary/constants.js`);
  defaults = require(`${packageDir}lib/Defaults/index.js`);
} catch (error) {
  fail(`cannot load ${moduleName}'s lib/WABinary/constants.js: ${error.message}`);
}

const { SINGLE_BYTE_TOKENS: single, DOUBLE_BYTE_TOKENS: double } = constants;
const version = defaults.DICT_VERSION;
const header = [...(defaults.NOISE_WA_HEADER ?? [])];
if (header.length !== 4 || header[0] !== 0x57 || header[1] !== 0x41 || header[2] !== 6 || header[3] !== version)
  fail(`NOISE_WA_HEADER ${JSON.stringify(header)} is not "WA" 6 DICT_VERSION (${version})`);
if (!Array.isArray(single) || single.length !== 236 || single[0] !== '')
  fail('SINGLE_BYTE_TOKENS must hold 236 entries with the empty string first');
if (!Array.isArray(double) || double.length !== 4 || double.some((d) => !Array.isArray(d) || d.length !== 256))
  fail('DOUBLE_BYTE_TOKENS must be four dictionaries of 256 tokens');

const lines = [
  `# WhatsApp multi-device binary-node token dictionaries (dictionary version ${version})`,
  `# Extracted mechanically by tools/gen/tokens_from_baileys.mjs from npm ${packageJson.name}@${packageJson.version}`,
  `#   (installed as "${moduleName}"), lib/WABinary/constants.js: SINGLE_BYTE_TOKENS, DOUBLE_BYTE_TOKENS.`,
  `#   That release opens with the connection header "WA" 6 ${version} (lib/Defaults: DICT_VERSION = ${version}).`,
  '# Format: SECTION<TAB>INDEX<TAB>TOKEN; S = single byte (wire byte = INDEX), D0..D3 = byte 236+N then INDEX.',
];
single.forEach((token, index) => lines.push(`S\t${index}\t${token}`));
double.forEach((dictionary, number) =>
  dictionary.forEach((token, index) => lines.push(`D${number}\t${index}\t${token}`)));
process.stdout.write(lines.join('\n') + '\n');
