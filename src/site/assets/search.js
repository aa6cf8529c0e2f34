// The search page's script, a help the page works without. As one types it offers the first few
// documents found (a combobox: arrow keys, Enter, Escape): on the live site from the server's
// suggestions, which fold traditional characters, stem English and cut Chinese into words as the
// search does; in a static export, which has no server, from the language's index file, folded
// with the small table of traditional characters the export writes beside it. In an export it also
// draws the results of a query from that index. Everything is built as DOM nodes: no HTML from
// the server or the index is parsed.
(function () {
  'use strict';
  var input = document.getElementById('search-q');
  var form = input && input.form;
  if (!input || !form || !window.fetch) return;
  var d = form.dataset;
  var live = d.mode === 'live';
  var MAX = 8;
  /** Wait after a key before asking: one request when typing pauses, not one a key. */
  var PAUSE = 200;

  var getJson = function (url, signal) {
    return fetch(url, { credentials: 'same-origin', signal: signal }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  };

  // The static copy's index and folding table, fetched once, when first needed.
  var table = {};
  var loaded;
  var index = function () {
    loaded =
      loaded ||
      Promise.all([
        getJson(d.index),
        getJson(d.fold).catch(function () {
          return {};
        }),
      ]).then(function (r) {
        table = r[1];
        return r[0].map(function (e) {
          return { e: e, title: norm(e[1]), text: norm(e[4]) };
        });
      });
    return loaded;
  };
  /**
   * Lower case, compatibility forms and (with the export's table) simplified characters. The table
   * maps one character to one, so it is applied whatever NFKC did to the length ("…" is three dots).
   */
  var norm = function (s) {
    var folded = s.normalize('NFKC').toLowerCase();
    var out = '';
    for (var i = 0; i < folded.length; i++) out += table[folded[i]] || folded[i];
    return out;
  };
  /** A result's address on this site: the server gives addresses in full, under the site's public name. */
  var local = function (url) {
    var u = new URL(url, location.href);
    return u.origin === location.origin ? u.href : u.pathname + u.search + u.hash;
  };

  // The list of suggestions, made here: without the script there is none to announce.
  var list = document.createElement('ul');
  list.id = 'search-suggestions';
  list.className = 'search-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', d.suggestionsLabel || '');
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  var items = [];
  var active = -1;
  var close = function () {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  var show = function (found) {
    list.textContent = '';
    items = found;
    active = -1;
    input.removeAttribute('aria-activedescendant');
    found.forEach(function (s, i) {
      var li = document.createElement('li');
      li.id = 'search-suggestion-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      // An option is not a link (no control inside a control): choosing it goes to its address.
      li.dataset.href = local(s.url);
      li.textContent = s.title;
      list.appendChild(li);
    });
    if (!found.length) return close();
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  var choose = function (i) {
    var options = list.children;
    if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
    active = i;
    options[i].setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', options[i].id);
    options[i].scrollIntoView({ block: 'nearest' });
  };

  // Asking: the server's answers are kept by query (typing back finds them), a request still
  // running is dropped when a newer one starts, and an answer is shown only if it is the newest.
  var answers = {};
  var running = null;
  var fromServer = function (q) {
    if (answers[q]) return Promise.resolve(answers[q]);
    if (running) running.abort();
    running = window.AbortController ? new AbortController() : null;
    var url = d.suggest + '?' + new URLSearchParams({ q: q, lang: d.lang });
    return getJson(url, running && running.signal).then(function (r) {
      answers[q] = r.items.slice(0, MAX);
      return answers[q];
    });
  };
  /** Titles holding every word typed (Chinese as typed), those starting with it first, then the newest. */
  var fromIndex = function (q) {
    return index().then(function (entries) {
      var words = norm(q).split(/\s+/).filter(Boolean);
      var whole = words.join(' ');
      var hits = entries.filter(function (x) {
        return words.every(function (w) {
          return x.title.indexOf(w) !== -1;
        });
      });
      hits.sort(function (a, b) {
        var sa = a.title.indexOf(whole) === 0 ? 0 : 1;
        var sb = b.title.indexOf(whole) === 0 ? 0 : 1;
        return sa - sb || (b.e[3] > a.e[3] ? 1 : b.e[3] < a.e[3] ? -1 : 0);
      });
      return hits.slice(0, MAX).map(function (x) {
        return { title: x.e[1], url: x.e[2] };
      });
    });
  };
  var timer;
  var asked = null;
  var turn = 0;
  var ask = function () {
    var q = input.value.trim().slice(0, 200);
    if (q === asked) return;
    asked = q;
    if (!q) return close();
    var mine = ++turn;
    (live ? fromServer(q) : fromIndex(q))
      .then(function (found) {
        if (mine === turn && document.activeElement === input) show(found);
      })
      .catch(function () {});
  };
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, PAUSE);
  });
  input.addEventListener('keydown', function (e) {
    var open = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      if (!open) return show(items);
      var down = e.key === 'ArrowDown';
      choose(down ? (active + 1) % items.length : active <= 0 ? items.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      // With no suggestion chosen, the form is sent: the search page.
      if (open && active >= 0) {
        e.preventDefault();
        location.assign(list.children[active].dataset.href);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        close();
      }
    }
  });
  // Pressing on the list keeps the focus in the field; a click on a suggestion goes to it.
  list.addEventListener('mousedown', function (e) {
    e.preventDefault();
  });
  list.addEventListener('click', function (e) {
    var option = e.target.closest && e.target.closest('[role=option]');
    if (option) location.assign(option.dataset.href);
  });
  input.addEventListener('blur', close);
  form.addEventListener('submit', close);

  // On the form page of a copy with no server (the static export), the results are drawn here;
  // where the server answered the query, its results are on the page already.
  var out = document.getElementById('search-results');
  var o = out && out.dataset;
  var q = (new URLSearchParams(location.search).get('q') || '').trim().slice(0, 200);
  if (live || !q || !o || !o.loading) return;
  input.value = q;
  asked = q;

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
  // As the server does (search/segment.ts): the segmenter cuts words it does not know into single
  // characters (脑/机/接口), which are kept together, and with the one word beside them (天文/馆);
  // a character wedged between two words stays apart; particles are not joined, and are left out
  // where they stand alone.
  var PARTICLES = '的地得了着过和与及或是在对为把被从向于等也都就将已而并之其';
  var joins = function (c) {
    return c === '和' || (PARTICLES.indexOf(c) === -1 && cjk.test(c));
  };
  var piecesOf = function (part) {
    var segs = [];
    for (var s of new Intl.Segmenter('zh', { granularity: 'word' }).segment(part)) if (s.isWordLike) segs.push(s);
    var single = function (k) {
      return !!segs[k] && segs[k].segment.length === 1 && cjk.test(segs[k].segment);
    };
    var touch = function (k) {
      return !!segs[k] && !!segs[k + 1] && segs[k].index + segs[k].segment.length === segs[k + 1].index;
    };
    var word = function (k, side) {
      var other = k + side;
      return !!segs[other] && !single(other) && touch(side < 0 ? other : k) && cjk.test(segs[other].segment);
    };
    var pieces = [];
    var alone = [];
    for (var i = 0; i < segs.length; ) {
      var j = i;
      if (single(i)) while (single(j + 1) && touch(j) && joins(segs[j].segment) && joins(segs[j + 1].segment)) j++;
      var text = segs.slice(i, j + 1).map(function (x) {
        return x.segment;
      });
      var c = segs[i].segment;
      if (i === j && single(i) && joins(c) && word(i, -1) !== word(i, 1)) {
        // A lone character with a word on one side only goes with it.
        if (word(i, -1) && pieces.length) pieces[pieces.length - 1] += c;
        else if (word(i, 1)) {
          pieces.push(c + segs[i + 1].segment);
          i += 2;
          continue;
        }
      } else if (i === j && single(i) && PARTICLES.indexOf(c) !== -1) alone.push(c);
      else pieces.push(text.join(''));
      i = j + 1;
    }
    return pieces.length ? pieces : alone;
  };
  var terms = function (query) {
    var words = [];
    norm(query)
      .split(/[\s,，。、;；:：!！?？"“”'‘’()（）]+/)
      .forEach(function (part) {
        if (!part) return;
        if (cjk.test(part) && window.Intl && Intl.Segmenter) words.push.apply(words, piecesOf(part));
        else words.push(part);
      });
    return words.filter(function (w, i) {
      return words.indexOf(w) === i;
    });
  };
  var mark = function (parent, text, words) {
    var lower = norm(text);
    var at = 0;
    var last = null;
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
      // A match right after another is the same mark: 脑机 and 接口 read as one.
      if (last && next === at) last.textContent += text.slice(next, next + len);
      else {
        parent.appendChild(document.createTextNode(text.slice(at, next)));
        last = document.createElement('mark');
        last.textContent = text.slice(next, next + len);
        parent.appendChild(last);
      }
      at = next + len;
    }
  };

  say(o.loading);
  index()
    .then(function (entries) {
      var words = terms(q);
      var hits = [];
      entries.forEach(function (x) {
        var score = 0;
        for (var i = 0; i < words.length; i++) {
          var inTitle = x.title.indexOf(words[i]) !== -1;
          if (!inTitle && x.text.indexOf(words[i]) === -1) return;
          score += inTitle ? 3 : 1;
        }
        hits.push({ e: x.e, score: score });
      });
      hits.sort(function (a, b) {
        return b.score - a.score || (b.e[3] > a.e[3] ? 1 : b.e[3] < a.e[3] ? -1 : 0);
      });
      if (hits.length === 0) return say(fill(o.none, 0));
      say(fill(hits.length === 1 ? o.foundOne : o.found, hits.length));
      var results = document.createElement('ol');
      results.className = 'search-list';
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
        meta.textContent = o['kind' + h.e[0].toUpperCase()] + (h.e[3] ? ' · ' + h.e[3] : '');
        li.appendChild(meta);
        if (h.e[4]) {
          var p = document.createElement('p');
          mark(p, h.e[4], words);
          li.appendChild(p);
        }
        results.appendChild(li);
      });
      out.appendChild(results);
    })
    .catch(function () {
      say(o.failed);
    });
})();
