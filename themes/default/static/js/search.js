// shudu's search: reads ?q= (and the filters) from the page's URL, looks the
// query up in the static index beside the page (t<n>.json shards of terms,
// d<n>.json chunks of documents) and lists the results. Only the shards of
// the query's terms and the chunks of the results shown are fetched, from
// this site only. Tokenising follows src/search/tokenize.rs.
(function () {
  "use strict";
  var root = document.getElementById("shudu-search");
  if (!root || !window.fetch) return;
  var status = document.getElementById("shudu-search-status");
  var list = document.getElementById("shudu-search-results");
  var input = document.getElementById("shudu-search-q");
  var d = root.dataset;
  var shards = +d.shards, chunk = +d.chunk, version = d.version;
  var PAGE = 10;
  var cache = {};
  root.hidden = false;

  function isHan(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x3134f);
  }
  var alnum = /[\p{L}\p{N}]/u;

  // Runs of Han characters and lowercased words, as tokenize::runs.
  function runs(text) {
    var out = [], han = "", word = "";
    for (var c of text) {
      if (isHan(c)) {
        if (word) { out.push({ word: word }); word = ""; }
        han += c;
        continue;
      }
      if (han) { out.push({ han: han }); han = ""; }
      if (alnum.test(c)) word += c.toLowerCase();
      else if (word) { out.push({ word: word }); word = ""; }
    }
    if (han) out.push({ han: han });
    if (word) out.push({ word: word });
    return out;
  }

  // As tokenize::query_terms: required terms, boost terms, and what to mark.
  function queryTerms(q) {
    var required = [], boost = [], marks = [];
    function add(list, t) { if (list.indexOf(t) < 0) list.push(t); }
    runs(q).forEach(function (r) {
      if (r.word) { add(required, r.word); add(marks, r.word); return; }
      var cs = Array.from(r.han);
      add(marks, r.han);
      if (cs.length === 1) { add(required, r.han); return; }
      for (var i = 0; i + 1 < cs.length; i++) add(required, cs[i] + cs[i + 1]);
      if (cs.length >= 3) add(boost, r.han);
    });
    return { required: required, boost: boost, marks: marks };
  }

  function fnv1a(term) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }

  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(name + "?v=" + version).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
    }
    return cache[name];
  }

  // Postings of a term: Map doc id → weight (empty when the index lacks it).
  function postings(term) {
    return load("t" + (fnv1a(term) & (shards - 1)) + ".json").then(function (shard) {
      var m = new Map(), doc = 0, list = Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : [];
      for (var i = 0; i < list.length; i++) { doc += list[i] >> 2; m.set(doc, list[i] & 3); }
      return m;
    });
  }

  function say(text) { status.textContent = text; }
  function fill(template, n, q) { return template.replace("{n}", n).replace("{q}", q); }

  // The excerpt with every mark term wrapped in <mark>, around the first hit.
  function excerpt(text, marks) {
    var lower = text.toLowerCase(), first = -1;
    marks.forEach(function (m) { var i = lower.indexOf(m); if (i >= 0 && (first < 0 || i < first)) first = i; });
    var start = Math.max(0, first - 40);
    if (start > 0) { text = "…" + text.slice(start); lower = text.toLowerCase(); }
    if (text.length > 160) { text = text.slice(0, 160) + "…"; lower = text.toLowerCase(); }
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      marks.forEach(function (m) {
        var i = lower.indexOf(m, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && m.length > len))) { best = i; len = m.length; }
      });
      if (best < 0 || !len) break;
      p.appendChild(document.createTextNode(text.slice(at, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      p.appendChild(mark);
      at = best + len;
    }
    p.appendChild(document.createTextNode(text.slice(at)));
    return p;
  }

  function show(hits, from, marks) {
    var ids = hits.slice(from, from + PAGE);
    var names = Array.from(new Set(ids.map(function (id) { return "d" + Math.floor(id / chunk) + ".json"; })));
    return Promise.all(names.map(load)).then(function () {
      return Promise.all(ids.map(function (id) {
        return load("d" + Math.floor(id / chunk) + ".json").then(function (rows) { return rows[id % chunk]; });
      }));
    }).then(function (rows) {
      rows.forEach(function (row) {
        if (!row) return;
        var li = document.createElement("li");
        li.className = "search-result";
        var h = document.createElement("h2");
        var a = document.createElement("a");
        a.href = row[0];
        a.textContent = row[1];
        h.appendChild(a);
        li.appendChild(h);
        var meta = [row[2], row[3]].filter(Boolean).join(" · ");
        if (meta) {
          var m = document.createElement("p");
          m.className = "search-meta";
          m.textContent = meta;
          li.appendChild(m);
        }
        if (row[4]) li.appendChild(excerpt(row[4], marks));
        list.appendChild(li);
      });
      var old = root.querySelector(".search-more");
      if (old) old.remove();
      if (from + PAGE < hits.length) {
        var more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = d.tMore;
        more.addEventListener("click", function () { more.disabled = true; show(hits, from + PAGE, marks); });
        root.appendChild(more);
      }
    });
  }

  function run() {
    var params = new URLSearchParams(location.search);
    var q = (params.get("q") || "").trim();
    input.value = q;
    var facets = [];
    [["command", "c:"], ["sector", "s:"], ["year", "y:"]].forEach(function (f) {
      var v = params.get(f[0]), sel = document.getElementById("shudu-search-" + f[0]);
      if (sel && v) { sel.value = v; if (sel.value === v) facets.push(f[1] + v); }
    });
    var terms = queryTerms(q);
    if (!terms.required.length) { say(d.tPrompt); return; }
    root.setAttribute("aria-busy", "true");
    say(d.tLoading);
    var required = terms.required.concat(facets);
    Promise.all(required.map(postings).concat(terms.boost.map(postings))).then(function (maps) {
      var need = maps.slice(0, required.length), extra = maps.slice(required.length);
      need.sort(function (a, b) { return a.size - b.size; });
      var scored = [];
      need[0].forEach(function (w, id) {
        var score = w;
        for (var i = 1; i < need.length; i++) {
          if (!need[i].has(id)) return;
          score += need[i].get(id);
        }
        extra.forEach(function (m) { if (m.has(id)) score += 2 * m.get(id) + 2; });
        scored.push([id, score]);
      });
      scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var hits = scored.map(function (s) { return s[0]; });
      if (!hits.length) { say(fill(d.tNone, 0, q)); return; }
      say(fill(d.tResults, hits.length, q));
      return show(hits, 0, terms.marks);
    }).catch(function () { say(d.tError); }).then(function () { root.removeAttribute("aria-busy"); });
  }

  run();
})();
