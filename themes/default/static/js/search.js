// shudu's search: reads ?q= (and the filters) from the page's URL, looks the
// query up in the static index beside the page (t<n>.json shards of terms,
// d<n>.json chunks of documents, b<n>.json bodies) and lists the results.
// Only the shards of the query's terms, the chunks of the results shown and
// the bodies of results that need one for their excerpt and come near the
// screen are fetched, from this site only. Tokenising follows src/search/tokenize.rs.
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

  // Postings as src/search/shard.rs writes them: base64url digits, either
  // varint deltas ((doc - previous) * 4 + weight, 5 bits a digit, 32 set
  // when more follow) or, after "!", a bitmap of 2-bit weights, three
  // documents a digit. Map doc id → weight.
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function decode(text) {
    var m = new Map(), i, c;
    if (text.charAt(0) === "!") {
      for (i = 1; i < text.length; i++) {
        c = DIGITS.indexOf(text.charAt(i));
        for (var k = 0; k < 3; k++) if ((c >> (2 * k)) & 3) m.set((i - 1) * 3 + k, (c >> (2 * k)) & 3);
      }
      return m;
    }
    var doc = 0, v = 0, scale = 1;
    for (i = 0; i < text.length; i++) {
      c = DIGITS.indexOf(text.charAt(i));
      v += (c & 31) * scale;
      if (c & 32) { scale *= 32; continue; }
      doc += Math.floor(v / 4);
      m.set(doc, v % 4);
      v = 0; scale = 1;
    }
    return m;
  }

  // Postings of a term: Map doc id → weight (empty when the index lacks it).
  function postings(term) {
    return load("t" + (fnv1a(term) & (shards - 1)) + ".json").then(function (shard) {
      return decode(Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : "");
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
  // figures). When that lacks the query's words, `li` is marked busy and,
  // once it comes near the screen, gets the body's text around the first
  // hit there, from b<n>.json (downloaded for this case only, and only for
  // results a reader scrolls to).
  function excerptOf(id, row, marks, li) {
    var text = row[4] || "", hit = firstHit(text, marks);
    var own = text ? excerpt(text, hit.at, marks) : null;
    if (own) li.appendChild(own);
    if (hit.rank === 2) return;
    li.setAttribute("aria-busy", "true");
    whenNear(li, function () {
      load("b" + Math.floor(id / BODY) + ".json").then(function (bodies) {
        var body = bodies[id % BODY] || "", inBody = firstHit(body, marks);
        if (inBody.rank <= hit.rank) return;
        var p = excerpt(body, inBody.at, marks);
        if (own) li.replaceChild(p, own); else li.appendChild(p);
      }, function () {}).then(function () { li.removeAttribute("aria-busy"); });
    });
  }

  // Calls `f` once `el` is on or near the screen (at once without
  // IntersectionObserver), and with it those of the results before `el`
  // (a jump to the end passes over them).
  var observer = null, waiting = [];
  function whenNear(el, f) {
    if (!window.IntersectionObserver) { f(); return; }
    if (!observer) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (!e.isIntersecting) return;
          var i = waiting.findIndex(function (w) { return w[0] === e.target; });
          if (i < 0) return;
          waiting.splice(0, i + 1).forEach(function (w) { observer.unobserve(w[0]); w[1](); });
        });
      }, { rootMargin: "0px 0px 200px 0px" });
    }
    waiting.push([el, f]);
    observer.observe(el);
  }

  function show(hits, from, marks) {
    var ids = hits.slice(from, from + PAGE);
    var names = Array.from(new Set(ids.map(function (id) { return "d" + Math.floor(id / chunk) + ".json"; })));
    return Promise.all(names.map(load)).then(function (chunks) {
      var rows = {};
      names.forEach(function (name, i) { rows[name] = chunks[i]; });
      ids.forEach(function (id) {
        var row = rows["d" + Math.floor(id / chunk) + ".json"][id % chunk];
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
        list.appendChild(li);
        excerptOf(id, row, marks, li);
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
