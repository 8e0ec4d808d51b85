/* Site search: reads the index the build writes under search/ (see src/search/mod.rs)
   and shows results under the header's search field as the reader types. No
   framework and no request outside the site; index files are loaded as scripts so
   the search also works from a folder opened on disk. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) { return; }
  var input = form.querySelector("input[type=search]");
  var root = form.getAttribute("data-root") || "./";
  var noResults = form.getAttribute("data-no-results") || "";
  var LIMIT = 10;
  var MAX_SHARDS = 8;
  // Field weights: title and people above topics and summary, above body.
  var WEIGHTS = [[1, 16], [2, 16], [4, 6], [8, 3], [16, 1]];

  var loaded = {};
  var pending = {};
  window.dossierSearch = {
    index: function (m) { loaded["index"] = m; },
    words: function (key, words) { loaded["t:" + key] = words; },
    docs: function (n, docs) { loaded["d:" + n] = docs; }
  };

  function load(name, file) {
    if (loaded[name]) { return Promise.resolve(loaded[name]); }
    if (pending[name]) { return pending[name]; }
    pending[name] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = root + "search/" + file;
      s.async = true;
      s.onload = function () { s.remove(); loaded[name] ? resolve(loaded[name]) : reject(new Error(file)); };
      s.onerror = function () { s.remove(); delete pending[name]; reject(new Error(file)); };
      document.head.appendChild(s);
    });
    return pending[name];
  }

  var FOLD = { "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "þ": "th", "ð": "d", "ŧ": "t", "ŀ": "l" };

  /* The same folding and splitting as src/search/tokens.rs. */
  function words(text, m) {
    var folded = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "");
    folded = folded.replace(/[ßøæœđłħıþðŧŀ]/g, function (c) { return FOLD[c]; });
    var out = [];
    (folded.match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) {
      if (Array.from(w).length >= m.min && m.stop.indexOf(w) < 0 && out.indexOf(w) < 0) { out.push(w); }
    });
    return out;
  }

  function fileName(key) {
    var out = "";
    Array.from(key).forEach(function (c) {
      out += /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "-";
    });
    return out;
  }

  /* The shards that can hold words starting with `w`. */
  function shardsFor(m, w) {
    var within = [], longer = [];
    m.shards.forEach(function (k) {
      if (w.lastIndexOf(k, 0) === 0) { within.push(k); } else if (k.lastIndexOf(w, 0) === 0) { longer.push(k); }
    });
    // A short word under many shards matches whole words only.
    return longer.length + within.length <= MAX_SHARDS ? within.concat(longer) : within;
  }

  /* For one query word: brief number -> best weight of a word starting with it. */
  function matches(m, w) {
    var keys = shardsFor(m, w);
    return Promise.all(keys.map(function (k) { return load("t:" + k, "t/" + fileName(k) + ".js"); }))
      .then(function (shards) {
        var best = new Map();
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (word) {
            if (word.lastIndexOf(w, 0) !== 0) { return; }
            // A word typed in full counts more than a longer word it begins.
            var exact = word === w ? 1 : 0.75;
            var p = shard[word], n = 0;
            for (var i = 0; i < p.length; i += 2) {
              n += p[i];
              var weight = 0;
              WEIGHTS.forEach(function (fw) { if ((p[i + 1] & fw[0]) && fw[1] > weight) { weight = fw[1]; } });
              weight *= exact;
              if (!(best.get(n) >= weight)) { best.set(n, weight); }
            }
          });
        });
        return best;
      });
  }

  function search(query) {
    return load("index", "index.js").then(function (m) {
      var ws = words(query, m);
      if (!ws.length) { return []; }
      return Promise.all(ws.map(function (w) { return matches(m, w); })).then(function (sets) {
        sets.sort(function (a, b) { return a.size - b.size; });
        var scored = [];
        sets[0].forEach(function (weight, n) {
          var total = weight;
          for (var i = 1; i < sets.length; i++) {
            var w = sets[i].get(n);
            if (w === undefined) { return; }
            total += w;
          }
          scored.push([total, n]);
        });
        // Highest score first, then the newest (brief numbers grow with the date).
        scored.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1]; });
        var top = scored.slice(0, LIMIT);
        return Promise.all(top.map(function (s) {
          var c = Math.floor(s[1] / m.chunk);
          return load("d:" + c, "d/" + c + ".js").then(function (docs) { return docs[s[1] - c * m.chunk]; });
        }));
      });
    });
  }

  var list = document.createElement("ul");
  list.id = "search-results";
  list.className = "search-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "Search");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "search-status";
  status.setAttribute("role", "status");
  form.appendChild(list);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");

  var active = -1;
  var serial = 0;

  function options() { return list.querySelectorAll("[role=option]"); }

  function setActive(i) {
    var opts = options();
    if (!opts.length) { return; }
    active = (i + opts.length) % opts.length;
    opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    status.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(results) {
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    results.forEach(function (doc, i) {
      if (!doc) { return; }
      var li = document.createElement("li");
      li.id = "search-result-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = root + "briefs/" + doc[1] + "/";
      a.tabIndex = -1;
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = doc[0];
      var date = document.createElement("time");
      date.dateTime = doc[2];
      date.textContent = doc[2];
      var summary = document.createElement("span");
      summary.className = "search-summary";
      summary.textContent = doc[3];
      a.appendChild(title);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(date);
      a.appendChild(summary);
      li.appendChild(a);
      list.appendChild(li);
    });
    var any = list.children.length > 0;
    list.hidden = !any;
    input.setAttribute("aria-expanded", any ? "true" : "false");
    status.textContent = any ? "" : noResults;
  }

  function run() {
    var query = input.value;
    var mine = ++serial;
    if (!query.trim()) { close(); return; }
    search(query).then(function (results) {
      if (mine === serial) { show(results); }
    }, function () {
      if (mine === serial) { close(); }
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Escape") { input.value = ""; close(); }
    else if (e.key === "Enter") {
      var opts = options();
      if (opts.length) {
        e.preventDefault();
        location.href = opts[active < 0 ? 0 : active].querySelector("a").href;
      }
    }
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target)) { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
  });
  input.addEventListener("focus", function () {
    if (list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
  });
})();
