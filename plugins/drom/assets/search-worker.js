/* The site's search worker, in place of Material's lunr worker (drom/site/search.py says why and what it
   reads). It speaks Material's worker protocol: SETUP (0) with the small search_index.json, answered by
   READY (1); QUERY (2) with the typed text, answered by RESULT (3) with result groups, one per page, the
   page first. Pieces of the index are scripts calling dromIndex(key, data), loaded on demand with
   importScripts: synchronous in a web worker, a Promise under the iframe-worker shim (offline pack).

   Words are cut and folded as search.py does: letters and digits, lowercase, Latin letters without their
   diacritics. A query word of PREFIX letters or more matches every term it begins; a shorter one itself. */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var RESULTS = 20;
  var here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src  /* the shim's frame: its own location is the page's */
    : self.location.href;
  var root = new URL("../../", here);
  var pieces = {};
  var meta = null;
  var base = null;
  var starts = [];
  var latest = 0;
  var queue = Promise.resolve();

  self.dromIndex = function (key, data) { pieces[key] = data; };

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/([a-z])[\u0300-\u036f]+/g, "$1").normalize("NFC");
  }

  function words(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function shardOf(term) {
    var value = 2166136261;
    var key = term.slice(0, meta.prefix);
    for (var i = 0; i < key.length; i++) {
      value ^= key.charCodeAt(i);
      value = Math.imul(value, 16777619) >>> 0;
    }
    return value % meta.shards;
  }

  /* Load the pieces not loaded yet; resolves when all are there. */
  function load(keys) {
    var missing = keys.filter(function (key, at) { return !(key in pieces) && keys.indexOf(key) === at; });
    if (!missing.length) return Promise.resolve();
    var urls = missing.map(function (key) {
      return new URL(key.charAt(0) + "/" + key.slice(1) + ".js", base).href;
    });
    return Promise.resolve(importScripts.apply(self, urls));
  }

  function pageOf(entry) {
    var low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= entry) low = middle; else high = middle - 1;
    }
    return low;
  }

  function escape(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function matches(word, queryWords) {
    var folded = fold(word);
    return queryWords.some(function (q) {
      return q.length >= meta.prefix ? folded.indexOf(q) === 0 : folded === q;
    });
  }

  function highlight(text, queryWords) {
    var out = "", at = 0, found;
    var pattern = /[\p{L}\p{N}\p{M}]+/gu;
    while ((found = pattern.exec(text)) !== null) {
      out += escape(text.slice(at, found.index));
      out += matches(found[0], queryWords) ? "<mark>" + escape(found[0]) + "</mark>" : escape(found[0]);
      at = found.index + found[0].length;
    }
    return out + escape(text.slice(at));
  }

  function search(text, id) {
    var typed = text.toLowerCase().normalize("NFC").match(/[\p{L}\p{N}]+/gu) || [];
    var queryWords = words(text).filter(function (w, at, all) { return all.indexOf(w) === at; });
    /* Material highlights the typed words on the page opened (?h=): the words as typed, not folded */
    var shown = queryWords.map(function (w) {
      return typed.filter(function (x) { return fold(x) === w; })[0] || w;
    });
    if (!queryWords.length) return Promise.resolve({ items: [] });
    return load(queryWords.map(function (w) { return "t" + shardOf(w); })).then(function () {
      if (id !== latest) return null;
      /* per entry: its score per query word */
      var scores = {};
      queryWords.forEach(function (q, index) {
        var shard = pieces["t" + shardOf(q)] || {};
        Object.keys(shard).forEach(function (term) {
          var exact = term === q;
          if (!exact && (q.length < meta.prefix || term.indexOf(q) !== 0)) return;
          var list = shard[term];
          for (var i = 0; i < list.length; i += 2) {
            var row = scores[list[i]] || (scores[list[i]] = new Array(queryWords.length).fill(0));
            row[index] += list[i + 1] * (exact ? 2 : 1);
          }
        });
      });
      var entries = Object.keys(scores).map(function (entry) {
        var row = scores[entry];
        var found = row.filter(function (x) { return x > 0; }).length;
        var sum = row.reduce(function (a, b) { return a + b; }, 0);
        return { entry: +entry, score: sum * found * found, terms: row };
      });
      var pages = {};
      entries.forEach(function (item) {
        var page = pageOf(item.entry);
        var group = pages[page] || (pages[page] = { page: page, score: 0, entries: [] });
        group.score = Math.max(group.score, item.score);
        group.entries.push(item);
      });
      var best = Object.keys(pages).map(function (key) { return pages[key]; })
        .sort(function (a, b) { return b.score - a.score || a.page - b.page; })
        .slice(0, RESULTS);
      return load(best.map(function (group) { return "p" + group.page; })).then(function () {
        if (id !== latest) return null;
        return { items: best.map(function (group) { return items(group, queryWords, shown); }) };
      });
    });
  }

  function items(group, queryWords, shown) {
    var rows = pieces["p" + group.page] || [];
    var first = starts[group.page];
    var byEntry = {};
    group.entries.forEach(function (item) { byEntry[item.entry - first] = item; });
    var result = [];
    rows.forEach(function (row, index) {
      var item = byEntry[index];
      if (!item && index !== 0) return;
      var terms = {};
      shown.forEach(function (word, at) { terms[word] = item ? item.terms[at] > 0 : false; });
      result.push({
        location: row[0],
        title: highlight(row[1], queryWords),
        text: highlight(row[2], queryWords),
        score: item ? item.score : 0,
        terms: index === 0 && !item ? {} : terms
      });
    });
    return result.sort(function (a, b) { return b.score - a.score; });
  }

  function answer(message) {
    if (message.type === SETUP) {
      meta = message.data.config.drom;
      base = new URL(meta.folder + "search/", root);
      starts = [];
      var total = 0;
      meta.sizes.forEach(function (size) { starts.push(total); total += size; });
      postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var id = ++latest;
      queue = queue.then(function () {
        if (id !== latest || !meta) return null;
        return search(String(message.data), id);
      }).then(function (data) {
        if (data) postMessage({ type: RESULT, data: data });
      }, function (error) {
        console.warn("search:", error);
        if (id === latest) postMessage({ type: RESULT, data: { items: [] } });
      });
    }
  }

  addEventListener("message", function (event) { answer(event.data); });
})();
