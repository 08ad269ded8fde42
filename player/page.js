// replaydom player page helpers. Loaded after rrweb.umd.cjs into an about:blank page.
//
// window.__replaydom exposes:
//   seek(targetMs, viewport)  fresh Replayer on a deep copy of window.EV, paused at targetMs (epoch ms)
//   clear()                   destroy the current Replayer
//   settle()                  wait (at most 1 s) for fonts of the replay document
//   html(selector)            materialized HTML of the replay document (or of the first match)
//   clip(selector)            page-coordinates box of the first match, for a screenshot clip
//   tree()                    canonical node tree (format: player/driver.py, Player.dom_tree)
//
// The Replayer mutates the events it is given (rrweb-model.md §4.3), hence one Replayer per seek,
// each on structuredClone(EV).
(() => {
  'use strict';

  const CONFIG = {
    mouseTail: false,
    triggerFocus: false,
    showWarning: false,
    blockClass: 'sentry-block',
    speed: 1,
    skipInactive: false,
  };
  const REPLAYER_CLASSES = new Set([':hover', 'rrweb-paused']);
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // on* attributes, and the Replayer's own renames of onload/onclick/onmouse* to _on*.
  const EVENT_ATTR = /^_?(on.+)$/i;
  let R = null;

  const frames = (n) => new Promise((resolve) => {
    const step = () => (n-- > 0 ? requestAnimationFrame(step) : resolve());
    step();
  });

  function clear() {
    if (R) {
      R.destroy();
      R = null;
    }
  }

  async function seek(targetMs, viewport) {
    clear();
    R = new rrweb.Replayer(structuredClone(window.EV), { ...CONFIG, root: document.body });
    if (R.iframe.sandbox.contains('allow-scripts')) {
      throw new Error('replay iframe allows scripts; refusing to continue');
    }
    const startTime = R.getMetaData().startTime;
    R.pause(targetMs - startTime);
    // The constructor schedules a resize to the FIRST Meta at setTimeout 0, which would undo the
    // size applied by pause(); let it fire, then set the size in effect at the target.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (viewport) {
      R.iframe.setAttribute('width', String(viewport.width));
      R.iframe.setAttribute('height', String(viewport.height));
      R.iframe.style.display = 'inherit';
    }
    await frames(2);
    return { startTime, replayerOffset: targetMs - startTime };
  }

  // Before a picture: data-URL fonts from the recording may still be loading (capped wait).
  async function settle() {
    const fonts = R && R.iframe.contentDocument && R.iframe.contentDocument.fonts;
    if (fonts) await Promise.race([fonts.ready, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  function doc() {
    const d = R && R.iframe.contentDocument;
    if (!d || !d.documentElement) throw new Error('no replay document');
    return d;
  }

  function mirrorId(node) {
    return R.getMirror().getId(node);
  }

  // The Replayer inserts an id-less, empty <style> as a child of <html>, before <head> (§4.8).
  function isInjected(node) {
    return node.nodeType === 1 && node.localName === 'style'
      && node.parentNode === node.ownerDocument.documentElement && mirrorId(node) < 1;
  }

  function isJavascriptUrl(value) {
    // What the URL parser ignores: leading/trailing C0 controls and spaces, tabs and newlines.
    const v = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
    return /^javascript:/i.test(v);
  }

  function cleanClass(value) {
    const tokens = value.split(/[\t\n\f\r ]+/).filter((t) => t && !REPLAYER_CLASSES.has(t));
    return [...new Set(tokens)].join(' ');
  }

  // Attributes as [namespaceURI, name, value], with Replayer artefacts removed and made inert.
  // Shared by html() and tree() so both describe the same attributes.
  function cleanAttrs(el) {
    const out = new Map();
    for (const a of el.attributes) {
      let name = a.name;
      let value = a.value;
      let ns = a.namespaceURI;
      if (name === 'class') {
        value = cleanClass(value);
        if (!value) continue;
      } else if (name === 'style' && !value.trim()) {
        continue;  // the Replayer's diff adds style=""; an empty style means nothing anyway
      }
      const handler = EVENT_ATTR.exec(name);
      if (handler) {
        name = 'data-rr-' + handler[1];
        ns = null;
      } else if (isJavascriptUrl(value)) {
        out.set('data-rr-' + name, [null, 'data-rr-' + name, value]);
        if (name !== 'href') continue;
        value = '#';  // keep links looking like links
      }
      out.set(name, [ns, name, value]);
    }
    return [...out.values()];
  }

  function liveState(el) {
    const tag = el.localName;
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') return {};
    if (tag === 'input') {
      return el.type === 'checkbox' || el.type === 'radio' ? { checked: el.checked } : { value: el.value };
    }
    if (tag === 'textarea' || tag === 'select') return { value: el.value };
    if (tag === 'option') return { selected: el.selected };
    return {};
  }

  // ---- HTML ----------------------------------------------------------------------------------

  // Copies go into a document without a browsing context, so nothing in them loads or runs.
  let inert = null;

  function materialize(node) {
    switch (node.nodeType) {
      case 1: return isInjected(node) ? null : materializeElement(node);
      case 3: return inert.createTextNode(node.data);
      case 8: return inert.createComment(node.data);
      default: return null;  // CDATA cannot exist in HTML; doctypes are handled by the caller
    }
  }

  function materializeChildren(from, into) {
    for (const child of from.childNodes) {
      const copy = materialize(child);
      if (copy) into.appendChild(copy);
    }
  }

  function materializeElement(el) {
    const copy = inert.createElementNS(el.namespaceURI, el.localName);
    for (const [ns, name, value] of cleanAttrs(el)) setAttr(copy, ns, name, value);
    const state = liveState(el);
    // Typed text lives in the .value property only (§4.8); write it where it differs.
    const typed = el.localName === 'textarea' || (el.localName === 'input' && el.type !== 'file');
    if (typed && 'value' in state && state.value !== (el.getAttribute('value') ?? '')) {
      copy.setAttribute('value', state.value);
    }
    if ('checked' in state) setFlag(copy, 'checked', state.checked);
    if ('selected' in state) setFlag(copy, 'selected', state.selected);
    const id = mirrorId(el);
    if (id >= 1) copy.setAttribute('data-rr-id', String(id));
    if (el.shadowRoot) {
      const template = inert.createElement('template');
      template.setAttribute('shadowrootmode', 'open');
      materializeChildren(el.shadowRoot, template.content);
      copy.appendChild(template);
    }
    materializeChildren(el, copy);
    // A textarea shows its text children, not a value attribute: show what was typed.
    if (el.localName === 'textarea' && el.value !== copy.textContent) copy.textContent = el.value;
    const inner = el.localName === 'iframe' ? el.contentDocument : null;
    if (inner && inner.documentElement && mirrorId(inner) >= 1) {
      copy.setAttribute('srcdoc', serializeDocument(inner));
    }
    return copy;
  }

  function setAttr(el, ns, name, value) {
    try {
      if (ns) el.setAttributeNS(ns, name, value);
      else el.setAttribute(name, value);  // setAttributeNS(null, 'xml:lang') would throw
    } catch (e) {
      // A name the DOM accepted from the Replayer but not here: leave it out rather than fail.
    }
  }

  function setFlag(el, name, on) {
    if (on) el.setAttribute(name, '');
    else el.removeAttribute(name);
  }

  function serializeDocument(d) {
    const doctype = d.doctype ? doctypeHTML(d.doctype) : '';
    return doctype + materialize(d.documentElement).outerHTML;
  }

  // XMLSerializer writes recorded doctype ids as they are: a quote or `>` in one ends the doctype
  // early and whatever follows is parsed as markup (before the CSP in <head> exists). Drop them.
  function doctypeHTML(dt) {
    const clean = (s) => String(s || '').replace(/["'<>]/g, '');
    const name = clean(dt.name).replace(/[^\w.:-]/g, '') || 'html';
    const pub = clean(dt.publicId);
    const sys = clean(dt.systemId);
    const ids = pub ? ` PUBLIC "${pub}"` + (sys ? ` "${sys}"` : '') : sys ? ` SYSTEM "${sys}"` : '';
    return `<!DOCTYPE ${name}${ids}>`;
  }

  function first(selector) {
    const el = doc().querySelector(selector);  // SyntaxError for a bad selector
    if (!el) throw new Error('NO_MATCH');
    return el;
  }

  function html(selector) {
    inert = document.implementation.createHTMLDocument('');
    try {
      return selector ? materialize(first(selector)).outerHTML : serializeDocument(doc());
    } finally {
      inert = null;
    }
  }

  function clip(selector) {
    const el = first(selector);
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const box = el.getBoundingClientRect();
    const frame = R.iframe.getBoundingClientRect();
    const x0 = Math.max(box.left, 0), y0 = Math.max(box.top, 0);
    const x1 = Math.min(box.right, frame.width), y1 = Math.min(box.bottom, frame.height);
    if (x1 - x0 < 1 || y1 - y0 < 1) return null;
    return { x: frame.left + x0, y: frame.top + y0, width: x1 - x0, height: y1 - y0 };
  }

  // ---- canonical tree -------------------------------------------------------------------------

  function treeChildren(parent) {
    const out = [];
    for (const child of parent.childNodes) {
      const node = treeNode(child);
      if (node) out.push(node);
    }
    return out;
  }

  function treeNode(node) {
    const id = mirrorId(node);
    if (id < 1) return null;  // not from the recording (Replayer style, CSS text of inlined links)
    switch (node.nodeType) {
      case 9: return [id, 'document', '#document', {}, treeChildren(node), {}];
      case 10: return [id, 'doctype', node.name, {}, [], { publicId: node.publicId, systemId: node.systemId }];
      case 3: return [id, 'text', node.data];
      case 8: return [id, 'comment', node.data];
      case 4: return [id, 'cdata', node.data];
      case 1: return treeElement(id, node);
      default: return null;
    }
  }

  function treeElement(id, el) {
    const attrs = {};
    for (const [, name, value] of cleanAttrs(el).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))) {
      attrs[name] = value;
    }
    const extra = liveState(el);
    if (el.namespaceURI === SVG_NS) extra.svg = true;
    if (el.shadowRoot) extra.shadow = treeChildren(el.shadowRoot);
    const inner = el.localName === 'iframe' ? el.contentDocument : null;
    if (inner && mirrorId(inner) >= 1) extra.contentDocument = treeNode(inner);
    return [id, 'element', el.localName, attrs, treeChildren(el), extra];
  }

  function tree() {
    return treeNode(doc());
  }

  window.__replaydom = { seek, clear, settle, html, clip, tree };
})();
