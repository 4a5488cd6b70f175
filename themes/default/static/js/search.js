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
  var BODY = 4; // documents per b<n>.json: search::BODY_CHUNK
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

  // As tokenize::query_terms: required terms, boost terms, and what to
  // mark: each word and whole Han run (rank 2), and the pairs a longer run
  // is looked up by (rank 1: a page may hold them apart).
  function queryTerms(q) {
    var required = [], boost = [], marks = [];
    function add(list, t) { if (list.indexOf(t) < 0) list.push(t); }
    function mark(t, rank) { if (!marks.some(function (m) { return m.t === t; })) marks.push({ t: t, rank: rank }); }
    runs(q).forEach(function (r) {
      if (r.word) { add(required, r.word); mark(r.word, 2); return; }
      var cs = Array.from(r.han);
      mark(r.han, 2);
      if (cs.length === 1) { add(required, r.han); return; }
      for (var i = 0; i + 1 < cs.length; i++) { add(required, cs[i] + cs[i + 1]); mark(cs[i] + cs[i + 1], 1); }
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

  // `text` lowercased character by character (a character whose lowercase
  // is longer stays as it is), so that its offsets are the text's.
  function fold(text) {
    return text.replace(/[^]/gu, function (c) { var l = c.toLowerCase(); return l.length === c.length ? l : c; });
  }

  // The first hit in `text`: the first whole word or run of the query
  // (rank 2), else the first pair (rank 1); rank 0 when there is none.
  function firstHit(text, marks) {
    var lower = fold(text), hit = { at: -1, rank: 0 };
    marks.forEach(function (m) {
      var i = lower.indexOf(m.t);
      if (i >= 0 && (m.rank > hit.rank || (m.rank === hit.rank && i < hit.at))) hit = { at: i, rank: m.rank };
    });
    return hit;
  }

  // The excerpt: about 160 characters of `text` around the hit at `at` (or
  // from the start), every mark term in it wrapped in <mark>. Page text goes
  // in as text nodes only, never as markup.
  function excerpt(text, at, marks) {
    var start = Math.max(0, at - 40);
    if (start > 0 && /[\udc00-\udfff]/.test(text.charAt(start))) start++;
    var end = Math.min(text.length, start + 160);
    if (end < text.length && /[\udc00-\udfff]/.test(text.charAt(end))) end++;
    var part = text.slice(start, end), lower = fold(part);
    var p = document.createElement("p");
    p.className = "search-excerpt";
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var pos = 0, mark = null;
    while (pos < part.length) {
      var best = -1, len = 0;
      marks.forEach(function (m) {
        var i = lower.indexOf(m.t, pos);
        if (i >= 0 && (best < 0 || i < best || (i === best && m.t.length > len))) { best = i; len = m.t.length; }
      });
      if (best < 0 || !len) break;
      if (best > pos || !mark) {
        if (best > pos) p.appendChild(document.createTextNode(part.slice(pos, best)));
        mark = document.createElement("mark");
        p.appendChild(mark);
      }
      // A hit right after the last one extends its mark (援疆 + 资金).
      mark.textContent += part.slice(best, best + len);
      pos = best + len;
    }
    p.appendChild(document.createTextNode(part.slice(pos)));
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // The excerpt of document `id` (its row `row`): the row's own (summary,
  // figures) when it holds the query's words, else the body's text around
  // the first hit there, from b<n>.json (downloaded for this case only).
  function excerptOf(id, row, marks) {
    var text = row[4] || "", hit = firstHit(text, marks);
    var own = function () { return text ? excerpt(text, hit.at, marks) : null; };
    if (hit.rank === 2) return Promise.resolve(own());
    return load("b" + Math.floor(id / BODY) + ".json").then(function (bodies) {
      var body = bodies[id % BODY] || "", inBody = firstHit(body, marks);
      return inBody.rank > hit.rank ? excerpt(body, inBody.at, marks) : own();
    }, own);
  }

  function show(hits, from, marks) {
    var ids = hits.slice(from, from + PAGE);
    var names = Array.from(new Set(ids.map(function (id) { return "d" + Math.floor(id / chunk) + ".json"; })));
    return Promise.all(names.map(load)).then(function () {
      return Promise.all(ids.map(function (id) {
        return load("d" + Math.floor(id / chunk) + ".json").then(function (rows) {
          var row = rows[id % chunk];
          return row ? excerptOf(id, row, marks).then(function (p) { return [row, p]; }) : null;
        });
      }));
    }).then(function (results) {
      results.forEach(function (result) {
        if (!result) return;
        var row = result[0];
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
        if (result[1]) li.appendChild(result[1]);
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
