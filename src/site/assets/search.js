// Searches the language's index in the browser: every word of the query (Chinese split into words
// where the browser can, else kept whole) must occur in an entry's title or excerpt; title matches
// rank first, then newer entries. Results are built as DOM nodes: no HTML from the index is parsed.
(function () {
  'use strict';
  var out = document.getElementById('search-results');
  var input = document.getElementById('search-q');
  var form = input && input.form;
  if (!out || !input || !form || !window.fetch) return;
  var norm = function (s) {
    return s.normalize('NFKC').toLowerCase();
  };
  var loaded;
  var index = function () {
    loaded =
      loaded ||
      fetch(form.dataset.index, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      });
    return loaded;
  };

  // Titles that contain what is typed, offered as one types (the index is fetched once, on the
  // first key press, not with the page).
  var titles = document.getElementById('search-titles');
  var timer;
  var suggest = function () {
    var typed = norm(input.value.trim());
    if (!typed) return;
    index()
      .then(function (entries) {
        titles.textContent = '';
        for (var i = 0, n = 0; i < entries.length && n < 8; i++) {
          if (norm(entries[i][1]).indexOf(typed) === -1) continue;
          var option = document.createElement('option');
          option.value = entries[i][1];
          titles.appendChild(option);
          n++;
        }
      })
      .catch(function () {});
  };
  if (titles)
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });

  // On the form page of a copy with no server (the static export), the results are drawn here;
  // where the server answered the query, its results are on the page already.
  var d = out.dataset;
  var q = (new URLSearchParams(location.search).get('q') || '').trim().slice(0, 200);
  if (!q || !d.loading) return;
  input.value = q;

  var say = function (text) {
    out.textContent = '';
    var p = document.createElement('p');
    p.className = 'search-status';
    p.textContent = text;
    out.appendChild(p);
  };
  var fill = function (template, n) {
    // Functions, not strings, as replacements: "$&" in a query is text, not a pattern.
    return template
      .replace('{n}', function () {
        return n.toLocaleString(document.documentElement.lang);
      })
      .replace('{q}', function () {
        return q;
      });
  };
  var cjk = /[\u3400-\u9fff\uf900-\ufaff]/;
  var terms = function (query) {
    var words = [];
    norm(query)
      .split(/[\s,，。、;；:：!！?？"“”'‘’()（）]+/)
      .forEach(function (part) {
        if (!part) return;
        if (cjk.test(part) && window.Intl && Intl.Segmenter) {
          var seg = new Intl.Segmenter('zh', { granularity: 'word' });
          for (var s of seg.segment(part)) if (s.isWordLike) words.push(s.segment);
        } else words.push(part);
      });
    return words.filter(function (w, i) {
      return words.indexOf(w) === i;
    });
  };
  var mark = function (parent, text, words) {
    var lower = norm(text);
    var at = 0;
    while (at < text.length) {
      var next = -1;
      var len = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i !== -1 && (next === -1 || i < next)) {
          next = i;
          len = w.length;
        }
      });
      // NFKC may change lengths; marks are only drawn where the text kept them.
      if (next === -1 || lower.length !== text.length) {
        parent.appendChild(document.createTextNode(text.slice(at)));
        return;
      }
      parent.appendChild(document.createTextNode(text.slice(at, next)));
      var m = document.createElement('mark');
      m.textContent = text.slice(next, next + len);
      parent.appendChild(m);
      at = next + len;
    }
  };

  say(d.loading);
  index()
    .then(function (entries) {
      var words = terms(q);
      var hits = [];
      entries.forEach(function (e) {
        var title = norm(e[1]);
        var text = norm(e[4]);
        var score = 0;
        for (var i = 0; i < words.length; i++) {
          var inTitle = title.indexOf(words[i]) !== -1;
          if (!inTitle && text.indexOf(words[i]) === -1) return;
          score += inTitle ? 3 : 1;
        }
        hits.push({ e: e, score: score });
      });
      hits.sort(function (a, b) {
        return b.score - a.score || (b.e[3] > a.e[3] ? 1 : b.e[3] < a.e[3] ? -1 : 0);
      });
      if (hits.length === 0) return say(fill(d.none, 0));
      say(fill(hits.length === 1 ? d.foundOne : d.found, hits.length));
      var list = document.createElement('ol');
      list.className = 'search-list';
      hits.slice(0, 100).forEach(function (h) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = h.e[2];
        mark(a, h.e[1], words);
        var h2 = document.createElement('h2');
        h2.appendChild(a);
        li.appendChild(h2);
        var meta = document.createElement('p');
        meta.className = 'search-meta';
        meta.textContent = d['kind' + h.e[0].toUpperCase()] + (h.e[3] ? ' · ' + h.e[3] : '');
        li.appendChild(meta);
        if (h.e[4]) {
          var p = document.createElement('p');
          mark(p, h.e[4], words);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      out.appendChild(list);
    })
    .catch(function () {
      say(d.failed);
    });
})();
