// Read aloud, on article pages: the browser's own speech synthesis reads the title and the text, a
// help the page works without. The buttons are in the page, hidden; they are shown only where the
// browser can speak. Nothing is sent anywhere: the voice is the device's.
(function () {
  'use strict';
  var box = document.querySelector('[data-read-aloud]');
  var synth = window.speechSynthesis;
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== 'function') return;
  var play = box.querySelector('[data-action="play"]');
  var stop = box.querySelector('[data-action="stop"]');
  var status = box.querySelector('[data-status]');
  var article = document.querySelector('article');
  if (!play || !stop || !article) return;
  var lang = document.documentElement.lang || 'zh-CN';
  var labels = { play: play.textContent, pause: box.dataset.pause, resume: box.dataset.resume };

  /** The article's readable blocks in order: headings, paragraphs, list items, captions, table cells. */
  var BLOCKS = 'h1, .prose h2, .prose h3, .prose h4, .prose p, .prose li, .prose figcaption, .prose th, .prose td, .prose blockquote';
  var blocks = function () {
    var out = [];
    var nodes = article.querySelectorAll(BLOCKS);
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      // A block inside another one (a paragraph in a list item, a list in a quotation) is read with it, once.
      if (n.parentElement && n.parentElement.closest(BLOCKS)) continue;
      var text = (n.innerText || n.textContent || '').replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
    }
    return out;
  };

  /**
   * Utterances of at most a few sentences: some engines stop a long one after about fifteen
   * seconds. Cut after a full stop (either language), else at a space, else at the limit.
   */
  var MAX = 180;
  var pieces = function (text) {
    var out = [];
    while (text.length > MAX) {
      var head = text.slice(0, MAX);
      var cut = Math.max(head.lastIndexOf('。'), head.lastIndexOf('！'), head.lastIndexOf('？'), head.lastIndexOf('；'), head.lastIndexOf('. '), head.lastIndexOf('，'));
      if (cut < MAX / 3) cut = head.lastIndexOf(' ');
      if (cut < MAX / 3) cut = MAX - 1;
      out.push(text.slice(0, cut + 1).trim());
      text = text.slice(cut + 1);
    }
    if (text.trim()) out.push(text.trim());
    return out;
  };

  /** A voice of exactly the page's language (zh-CN, not zh-HK); else the browser chooses by `lang`. */
  var voice = function () {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var want = lang.toLowerCase().replace(/_/g, '-');
    for (var i = 0; i < voices.length; i++) if (voices[i].lang && voices[i].lang.toLowerCase().replace(/_/g, '-') === want) return voices[i];
    return null;
  };

  var state = 'idle';
  var queue = [];
  /** Which reading an utterance belongs to: events of a cancelled one are ignored. */
  var reading = 0;
  /** Silence, and a synthesiser ready to speak again (a cancel leaves a paused one paused). */
  var hush = function () {
    reading++;
    queue = [];
    synth.cancel();
    if (synth.paused) synth.resume();
  };
  var show = function (next) {
    state = next;
    play.textContent = next === 'speaking' ? labels.pause : next === 'paused' ? labels.resume : labels.play;
    play.setAttribute('aria-pressed', next === 'idle' ? 'false' : 'true');
    stop.hidden = next === 'idle';
    if (status) status.textContent = next === 'idle' ? '' : play.textContent;
  };
  // One utterance at a time, the next when it ends: a stop empties the queue.
  var speakNext = function () {
    var text = queue.shift();
    if (text === undefined) return show('idle');
    var u = new SpeechSynthesisUtterance(text);
    var mine = reading;
    u.lang = lang;
    var v = voice();
    if (v) u.voice = v;
    u.rate = document.documentElement.classList.contains('elder') ? 0.85 : 1;
    u.onend = function () {
      if (mine === reading && state !== 'idle') speakNext();
    };
    u.onerror = function () {
      if (mine !== reading) return;
      hush();
      show('idle');
    };
    synth.speak(u);
  };

  play.addEventListener('click', function () {
    if (state === 'speaking') {
      synth.pause();
      return show('paused');
    }
    if (state === 'paused') {
      synth.resume();
      return show('speaking');
    }
    hush();
    var b = blocks();
    for (var i = 0; i < b.length; i++) queue = queue.concat(pieces(b[i]));
    show('speaking');
    speakNext();
  });
  stop.addEventListener('click', function () {
    hush();
    show('idle');
    play.focus();
  });
  // Leaving the page stops the voice (some browsers would go on reading); a page restored from the
  // back-forward cache comes back silent, its buttons saying so.
  window.addEventListener('pagehide', function () {
    hush();
    show('idle');
  });
  box.hidden = false;
})();
