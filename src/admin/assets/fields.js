// The workspace's small helpers for forms, without which every form still works: the article
// address (slug) is checked as the person types, and a free one is proposed from the title.
(function () {
  'use strict';
  var slug = document.querySelector('input[data-slug-check]');
  if (!slug) return;
  var status = document.getElementById('slug-status');
  var title = document.getElementById('title');
  var langSelect = document.getElementById('lang');
  var timer = 0;
  var asked = 0;

  function check() {
    var lang = slug.getAttribute('data-lang') || (langSelect && langSelect.value) || 'zh';
    var query = new URLSearchParams({ lang: lang, slug: slug.value.trim(), title: title ? title.value : '', except: slug.getAttribute('data-except') || '' });
    var mine = ++asked;
    fetch(slug.getAttribute('data-slug-check') + '?' + query.toString(), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s || mine !== asked) return;
        if (s.slug === '') {
          // Nothing typed: the address will be made from the title; show which.
          slug.placeholder = s.suggestion;
          status.textContent = '';
          slug.removeAttribute('aria-invalid');
        } else if (!s.valid) {
          status.textContent = slug.getAttribute('data-msg-bad');
          slug.setAttribute('aria-invalid', 'true');
        } else if (s.available) {
          status.textContent = slug.getAttribute('data-msg-free');
          slug.removeAttribute('aria-invalid');
        } else {
          status.textContent = slug.getAttribute('data-msg-taken').replace('{}', s.suggestion);
          slug.setAttribute('aria-invalid', 'true');
        }
      })
      .catch(function () {});
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }
  slug.addEventListener('input', later);
  if (title) title.addEventListener('input', function () { if (slug.value.trim() === '') later(); });
  if (langSelect) langSelect.addEventListener('change', later);
  check();
})();
