// What Word and web pages put on the clipboard, cleaned before the editor's schema reads it:
// structure stays (headings, lists, tables, bold and italic, links), everything else goes:
// conditional comments, <o:p>, styles, classes, scripts, event handlers, images not of our library.
// Word writes a list as paragraphs with "mso-list:l0 level1" styles and a typed marker ("1.", "·"):
// those become real lists here, nested by level.

const DROP = 'script, style, meta, link, title, template, iframe, object, embed, svg, math, form, input, button, select, textarea, noscript';
const KEEP_ATTRS: Record<string, string[]> = { a: ['href'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], img: ['data-media-id', 'alt', 'data-caption'] };

// Style and event-handler attributes are renamed before parsing (and dropped after): Chrome
// reports each one parsed on a page whose CSP forbids them as a violation, even in an inert
// document where nothing is applied or run.
const STYLE = 'data-mso-style';

const listInfo = (p: Element) => {
  const m = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(p.getAttribute(STYLE) ?? '');
  return m ? { list: m[1]!, level: Number(m[2]) } : undefined;
};

/** A Word list paragraph's typed marker: "1." "a)" "iv." make an ordered list, "·" "o" "§" a bullet one. */
function isOrderedMarker(marker: string) {
  return /^\(?([0-9]+|[a-z]{1,3}|[ivxlcdm]+|[一二三四五六七八九十]+)[.)、]/i.test(marker.trim());
}

/** Takes the marker out of a Word list paragraph and says what it was. */
function takeMarker(p: Element): string {
  let marker = '';
  for (const ignore of Array.from(p.querySelectorAll(`[${STYLE}*="mso-list:Ignore" i], [${STYLE}*="mso-list: Ignore" i]`))) {
    marker += ignore.textContent ?? '';
    ignore.remove();
  }
  if (!marker) {
    // Without the Ignore span (some versions), the marker is the paragraph's first word.
    const m = /^[\s\u00a0]*(\S{1,4}[.)、]?|[·•§o▪■◦-])[\s\u00a0]+/.exec(p.textContent ?? '');
    if (m) {
      marker = m[1]!;
      const walker = p.ownerDocument.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let left = m[0].length;
      for (let t = walker.nextNode() as Text | null; t && left > 0; t = walker.nextNode() as Text | null) {
        const cut = Math.min(left, t.data.length);
        t.data = t.data.slice(cut);
        left -= cut;
      }
    }
  }
  return marker.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Turns runs of Word list paragraphs into nested <ul>/<ol>. */
function wordLists(root: ParentNode) {
  const paragraphs = Array.from(root.querySelectorAll('p')).filter((p) => listInfo(p));
  const done = new Set<Element>();
  for (const first of paragraphs) {
    if (done.has(first)) continue;
    // The run: this paragraph and the list paragraphs that follow it directly.
    const run: Element[] = [first];
    for (let next = first.nextElementSibling; next && next.tagName === 'P' && listInfo(next); next = next.nextElementSibling) run.push(next);
    const doc = first.ownerDocument;
    const stack: { level: number; list: HTMLElement }[] = [];
    let top: HTMLElement | undefined;
    for (const p of run) {
      done.add(p);
      const { level } = listInfo(p)!;
      const marker = takeMarker(p);
      while (stack.length && stack.at(-1)!.level > level) stack.pop();
      if (!stack.length || stack.at(-1)!.level < level) {
        const list = doc.createElement(isOrderedMarker(marker) ? 'ol' : 'ul');
        const parentItem = stack.at(-1)?.list.lastElementChild;
        if (parentItem) parentItem.append(list);
        else top = list;
        stack.push({ level, list });
      }
      const li = doc.createElement('li');
      const para = doc.createElement('p');
      para.append(...Array.from(p.childNodes));
      li.append(para);
      stack.at(-1)!.list.append(li);
    }
    if (top) first.before(top);
    for (const p of run) p.remove();
  }
}

function stripComments(root: Node) {
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  for (let c = walker.nextNode(); c; c = walker.nextNode()) comments.push(c);
  for (const c of comments) c.parentNode?.removeChild(c);
}

export function cleanPastedHtml(html: string): string {
  // Word's downlevel-revealed conditionals (<![if !supportLists]>…<![endif]>) hold the list
  // markers: unwrap them so the markers can be found; hidden ones (<!--[if …]>) are comments.
  const source = html
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, '')
    .replace(/<!\[if [^\]]*\]>|<!\[endif\]>/gi, '')
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    .replace(/<[a-z][^>]*>/gi, (tag) => tag.replace(/(\s)style(\s*=)/gi, `$1${STYLE}$2`).replace(/(\s)(on[a-z]+\s*=)/gi, '$1data-x-$2'));
  const doc = new DOMParser().parseFromString(source, 'text/html');
  const body = doc.body;
  stripComments(body);
  for (const x of Array.from(body.querySelectorAll(DROP))) x.remove();
  wordLists(body);
  // Word's namespaced elements (<o:p>, <v:shape>, <w:sdt>): kept text only where it is text.
  for (const x of Array.from(body.getElementsByTagName('*')).filter((e) => e.tagName.includes(':'))) {
    if (x.tagName.toLowerCase() === 'o:p') x.replaceWith(...Array.from(x.childNodes));
    else x.remove();
  }
  for (const img of Array.from(body.querySelectorAll('img'))) if (!img.hasAttribute('data-media-id')) img.remove();
  for (const h of Array.from(body.querySelectorAll('h1'))) rename(h, 'h2');
  for (const h of Array.from(body.querySelectorAll('h5, h6'))) rename(h, 'h4');
  for (const e of Array.from(body.querySelectorAll('*'))) {
    const keep = KEEP_ATTRS[e.tagName.toLowerCase()] ?? [];
    // Word's bold and italic spans keep their meaning as elements, not styles.
    const style = (e.getAttribute(STYLE) ?? '').toLowerCase();
    if (e.tagName === 'SPAN' && /font-weight\s*:\s*(bold|[6-9]00)/.test(style)) wrap(e, 'strong');
    if (e.tagName === 'SPAN' && /font-style\s*:\s*italic/.test(style)) wrap(e, 'em');
    for (const a of Array.from(e.attributes)) if (!keep.includes(a.name.toLowerCase())) e.removeAttribute(a.name);
  }
  // Paragraphs left empty (Word's spacing, the pictures it had) are not kept.
  for (const p of Array.from(body.querySelectorAll('p'))) if (!p.querySelector('img') && (p.textContent ?? '').replace(/[\s\u00a0]+/g, '') === '') p.remove();
  // Anchors without an address (Word's bookmarks) are just their text.
  for (const a of Array.from(body.querySelectorAll('a:not([href])'))) a.replaceWith(...Array.from(a.childNodes));
  return body.innerHTML;
}

function rename(e: Element, tag: string) {
  const n = e.ownerDocument.createElement(tag);
  n.append(...Array.from(e.childNodes));
  e.replaceWith(n);
}

function wrap(e: Element, tag: string) {
  const n = e.ownerDocument.createElement(tag);
  n.append(...Array.from(e.childNodes));
  e.append(n);
}
