// Runs docs/assets/javascripts/linter.js over cases for tests/test_linter_parity.py.
//   node tests/js/linter-parity.mjs RULES.json < cases.jsonl > results.jsonl
// RULES.json: the output of playbook.lint.export.export_rules. Each input line is
// {"id", "text", "lang": "fr"|"en"|null, "channel": id|null}; each output line is
// {"id", "findings": [...]} (or {"id", "error": "..."}), in the same order.
import { createRequire } from "node:module";
import { readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { compile } = require(path.join(here, "..", "..", "docs", "assets", "javascripts", "linter.js"));

const rulesPath = process.argv[2];
if (!rulesPath) {
  process.stderr.write("usage: node tests/js/linter-parity.mjs RULES.json < cases.jsonl\n");
  process.exit(2);
}
const linter = compile(JSON.parse(readFileSync(rulesPath, "utf8")));
const input = readFileSync(0, "utf8");
const out = [];
for (const line of input.split("\n")) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  try {
    out.push(JSON.stringify({ id: row.id, findings: linter.lint(row.text, { lang: row.lang, channel: row.channel }) }));
  } catch (error) {
    out.push(JSON.stringify({ id: row.id, error: String(error && error.stack || error) }));
  }
}
const text = out.join("\n") + "\n";
let written = 0;
const buffer = Buffer.from(text, "utf8");
while (written < buffer.length) written += writeSync(1, buffer, written);
