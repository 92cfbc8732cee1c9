// Unit tests of hooks/playbook/search_fr.js (French search folding) with the real lunr 2.3.9 (npm,
// the version Material's worker bundles) and the lunr.fr files Material ships. The real search box
// is tested in a browser by tests/browser/test_search_fr.py.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..");
// Set by tests/js/test_node.py from the installed Material package.
const LUNR_DIR = process.env.PLAYBOOK_LUNR_DIR;
const SCRIPT = path.join(ROOT, "hooks", "playbook", "search_fr.js");

function loadLunr() {
  assert.ok(LUNR_DIR && fs.existsSync(path.join(LUNR_DIR, "lunr.fr.min.js")),
    `PLAYBOOK_LUNR_DIR must point at Material's lunr/min folder (got ${LUNR_DIR})`);
  const lunr = require("lunr");
  require(path.join(LUNR_DIR, "lunr.stemmer.support.min.js"))(lunr);
  require(path.join(LUNR_DIR, "lunr.fr.min.js"))(lunr);
  globalThis.lunr = lunr; // the worker's global, which search_fr.js patches
  return { lunr, ...require(SCRIPT) };
}

const { lunr, playbookFold } = loadLunr();

const DOCS = [
  { id: "reseau", text: "La qualité du réseau compte plus que sa taille." },
  { id: "note", text: "Rédigez une note d'invitation courte." },
  { id: "d-words", text: "Demande, décision, durable : Dubreuil décline." },
  { id: "oeuvre", text: "Une œuvre collective." },
];

function index() {
  return lunr(function () {
    this.use(lunr.fr);
    // What Material does with mkdocs.yml's default `pipeline: [stopWordFilter]`.
    for (const fn of [lunr.fr.trimmer, lunr.fr.stemmer]) {
      this.pipeline.remove(fn);
      this.searchPipeline.remove(fn);
    }
    lunr.tokenizer.separator = /[\s\-,:;!?'’«»]+/; // mkdocs.yml's separator splits elisions too
    this.ref("id");
    this.field("text");
    for (const doc of DOCS) this.add(doc);
  });
}

// Material sends every typed word with a trailing wildcard (`reseau*`).
const found = query => index().search(query).map(r => r.ref).sort();

test("fold drops accents and spells ligatures out", () => {
  assert.equal(playbookFold("Réseau élève Œuvre cœur"), "Reseau eleve OEuvre coeur");
  assert.equal(playbookFold("sans accent"), "sans accent");
});

test("a word typed without its accents finds the accented word, and the other way round", () => {
  assert.deepEqual(found("reseau*"), ["reseau"]);
  assert.deepEqual(found("réseau*"), ["reseau"]);
  assert.deepEqual(found("qualite*"), ["reseau"]);
  assert.deepEqual(found("redigez*"), ["note"]);
  assert.deepEqual(found("oeuvre*"), ["oeuvre"]);
});

test("an elision or a short stopword typed alone does not match every word it starts", () => {
  // « note d'invitation » reaches the worker as `note* d* invitation*`.
  assert.deepEqual(found("d* invitation*"), ["note"]);
  assert.deepEqual(found("du* reseau*"), ["reseau"]);
  assert.deepEqual(found("l* qualite*"), ["reseau"]);
  assert.deepEqual(found("le*"), []); // a stopword alone finds nothing rather than everything
  // Material lists a typed word as « Non trouvé » unless lunr.stopWordFilter drops it
  assert.equal(lunr.stopWordFilter("d"), undefined);
  assert.equal(lunr.stopWordFilter("the"), undefined);
  assert.equal(lunr.stopWordFilter("invitation"), "invitation");
});

test("a longer prefix still works as a prefix", () => {
  assert.deepEqual(found("dec*"), ["d-words"]);
  assert.deepEqual(found("dur*"), ["d-words"]);
});

test("loading the script twice patches lunr once", () => {
  const before = lunr.Query.prototype.clause;
  delete require.cache[require.resolve(SCRIPT)];
  require(SCRIPT);
  assert.equal(lunr.Query.prototype.clause, before);
  assert.deepEqual(found("reseau*"), ["reseau"]);
});
