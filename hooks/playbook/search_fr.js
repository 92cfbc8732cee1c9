/* French search: accents optional, elisions and short stopwords ignored (issue 15, item 2).
 *
 * Appended at build time to lunr.fr.min.js, the file Material's search worker imports for
 * `search: lang: fr` (hooks/playbook/search.py), so it runs in the worker right after lunr.fr.
 *
 * Why not what Material and lunr already offer: lunr.fr (trimmer, stopWordFilter, stemmer) keeps
 * accents, so « reseau » and « réseau » are different terms; a pipeline step alone would fold the
 * index only, because Material sends every query term with a trailing wildcard (`reseau*`), and
 * lunr skips the search pipeline for wildcard terms. So the index is folded by a pipeline step and
 * the query by lunr.Query#clause, the one place every clause passes through (typed queries,
 * Material's own analysis of them and its suggestions). Elisions (d', l', qu'…) are removed by the
 * `separator` of mkdocs.yml; an unwanted `du*` or `le*` would still match every word starting with
 * du- or le-, so a stopword typed alone is looked up as a whole word, which the stopword filter
 * then drops. Material lists the query words no page contains (« Non trouvé ») unless
 * `lunr.stopWordFilter`, lunr's English list, calls them stopwords: it learns the French ones.
 */
"use strict";

/** `text` without accents, ligatures spelled out: « Réseau œuvre » -> « Reseau oeuvre ». */
function playbookFold(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe").replace(/Œ/g, "OE")
    .replace(/æ/g, "ae").replace(/Æ/g, "AE");
}

(function (lunr) {
  if (!lunr || !lunr.fr || lunr.fr.playbookFolded) return;

  const fold = token => token.update(playbookFold);
  lunr.Pipeline.registerFunction(fold, "playbookFold");

  const french = lunr.fr;
  lunr.fr = function () {
    french.call(this);
    this.pipeline.add(fold);
    if (this.searchPipeline) this.searchPipeline.add(fold);
  };
  Object.assign(lunr.fr, french, { playbookFolded: true });

  const english = lunr.stopWordFilter;
  lunr.stopWordFilter = token => english(token) && lunr.fr.stopWordFilter(token);

  const clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (spec) {
    if (typeof spec.term === "string") {
      const word = spec.term.replace(/\*+$/, "");
      // Checked before folding: the stopword list has accents (« même », « été »).
      const stopword = word !== spec.term && word !== "" && !lunr.fr.stopWordFilter(word);
      spec.term = playbookFold(stopword ? word : spec.term);
      if (stopword) {
        spec.wildcard = lunr.Query.wildcard.NONE;
        spec.usePipeline = true;
      }
    }
    return clause.call(this, spec);
  };
})(typeof lunr !== "undefined" ? lunr : undefined);

if (typeof module !== "undefined") module.exports = { playbookFold };
