// Unit tests of the pure helpers of docs/assets/javascripts/checklists.js (run: node --test tests/js/).
// The DOM behaviour is tested in a real browser by tests/test_checklists.py (browser marker).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const { parseState, serializeState, PREFIX } = require(
  path.join(__dirname, "..", "..", "docs", "assets", "javascripts", "checklists.js"),
);

test("storage key prefix", () => {
  assert.equal(PREFIX, "playbook:checklist:");
});

test("parseState keeps only items ticked with true", () => {
  assert.deepEqual(parseState('{"a": true, "b": false, "c": 1, "d": "true", "e": true}'), { a: true, e: true });
});

test("parseState ignores garbage without throwing", () => {
  for (const raw of ["", "{", "null", "42", "[true]", '"x"', "true", undefined, null, 12, {}]) {
    assert.deepEqual(parseState(raw), {}, String(raw));
  }
});

test("parseState ignores prototype tricks", () => {
  const state = parseState('{"__proto__": true, "a": true}');
  assert.equal(state.a, true);
  assert.equal(Object.getPrototypeOf(state), Object.prototype);
});

test("serializeState drops items that no longer exist and keeps the given order", () => {
  const state = { gone: true, b: true, a: true, c: false };
  assert.equal(serializeState(state, ["a", "b", "c"]), '{"a":true,"b":true}');
  assert.equal(serializeState(null, ["a"]), "{}");
  assert.equal(serializeState({}, []), "{}");
});

test("loading the script outside a browser does nothing else", () => {
  assert.equal(typeof globalThis.document, "undefined");
});
