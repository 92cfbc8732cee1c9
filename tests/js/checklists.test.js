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
  // "Nothing else" than exporting its helpers: it reads no DOM, touches no storage, listens to
  // nothing, schedules nothing, adds no global, logs and throws nothing. The script runs in a
  // fresh context where each of those would be recorded; `document` and `localStorage` exist
  // without `window`, as in some non-browser runtimes: it must still leave them alone.
  const fs = require("node:fs");
  const vm = require("node:vm");
  const file = path.join(__dirname, "..", "..", "docs", "assets", "javascripts", "checklists.js");
  const touched = [];
  const spy = (name) => new Proxy(function () {}, {
    get(_target, key) { touched.push(`${name}.${String(key)}`); return undefined; },
    set(_target, key) { touched.push(`${name}.${String(key)}=`); return true; },
    apply() { touched.push(`${name}()`); },
  });
  const module = { exports: {} };
  const sandbox = { module, exports: module.exports };
  for (const name of ["document", "localStorage", "sessionStorage", "addEventListener",
                      "setTimeout", "setInterval", "queueMicrotask", "requestAnimationFrame",
                      "fetch", "console"]) {
    sandbox[name] = spy(name);
  }
  const before = Object.keys(sandbox).sort();
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  assert.deepEqual(touched, []);
  assert.deepEqual(Object.keys(sandbox).sort(), before, "no new global");
  assert.deepEqual(Object.keys(module.exports).sort(), ["PREFIX", "parseState", "serializeState"]);
  assert.equal(module.exports.parseState('{"a": true}').a, true);
});
