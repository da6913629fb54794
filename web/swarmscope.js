// Page glue: checks for WebGL2, loads the WebAssembly app, shows progress and errors in plain words,
// and exposes window.swarmscope = { state(), command(text), ready, ... } for lecturers' scripts and tests.
//
// It also does what only the page can do for lessons:
//   #lang=es                 the page's language (en, es, ko); without it, the browser's (navigator.language);
//   #lesson=NAME[&step=K]   opens a shipped lesson (at step K, from 1), on start and when the hash changes;
//                           in Spanish or Korean, its translation when there is one;
//   #share=1.DATA[&name=N]  a whole lesson text, deflated (raw) and base64url-encoded; 1 is the link format;
//   the lesson editor's text is kept in localStorage as it is typed and comes back after a reload;
//   the editor's Share, Download and Open.
(function () {
  'use strict';
  const canvas = document.getElementById('canvas');
  const notice = document.getElementById('notice');
  const noticeText = document.getElementById('notice-text');
  const messageBox = document.getElementById('message');
  const messageText = document.getElementById('message-text');
  const messageAction = document.getElementById('message-action');
  const shareBox = document.getElementById('share-box');
  const shareUrl = document.getElementById('share-url');
  const shareNote = document.getElementById('share-note');
  const openInput = document.getElementById('open-file');

  const LINK_VERSION = 1;            // the #share= link format this page writes and reads
  const DRAFT_KEY = 'swarmscope.draft';
  const PREVIOUS_KEY = 'swarmscope.draft.previous';  // the draft before the editor last got a new text
  const RESTORING_KEY = 'swarmscope.restoring';      // set while a draft is loaded: it stays if that crashes
  const MAX_TEXT = 256 * 1024;       // characters; shipped lessons are a few thousand

  // The page's own messages come from the same tables as the app's words (shell/lang), copied beside
  // the page: the page's language's table, and the English one for any key it lacks.
  // The canvas has English built in and is handed the page language's table (tableTexts) at start-up.
  let words = {}, english = {};
  const tableTexts = {};
  const pageLang = pageLanguage();
  const fetchWords = lang => fetch('lang/' + lang + '.json').then(r => (r.ok ? r.text() : '{}'))
    .then(text => { tableTexts[lang] = text; return JSON.parse(text); }).catch(() => ({}));
  const wordsReady = Promise.all([fetchWords('en'), pageLang === 'en' ? {} : fetchWords(pageLang)])
    .then(([en, own]) => { english = en; words = own; });
  function t(key, ...args) {
    const text = words[key] || english[key] || key;
    return text.replace(/\{(\d)\}/g, (m, i) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : ''));
  }

  // The page's language: #lang= in the address, else the browser's; English when there is no table for it.
  function pageLanguage() {
    const asked = (new URLSearchParams(location.hash.replace(/^#/, '')).get('lang') || navigator.language || 'en')
      .toLowerCase().split(/[-_]/)[0];
    return ['en', 'es', 'ko'].includes(asked) ? asked : 'en';
  }

  function showNotice(text, isError) {
    noticeText.textContent = text;
    notice.classList.toggle('error', !!isError);
    notice.style.display = '';
  }

  // A short message over the canvas, dismissed with its x (an information message also goes by itself),
  // with an optional button: action = {label, run}.
  let messageTimer = 0;
  let messageRun = null;
  function showMessage(text, kind, action) {
    clearTimeout(messageTimer);
    messageText.textContent = text;
    messageBox.className = kind === 'error' ? 'error' : 'info';
    messageAction.hidden = !action;
    messageAction.textContent = action ? action.label : '';
    messageRun = action ? action.run : null;
    messageBox.hidden = false;
    window.swarmscope.lastMessage = { text, kind: kind === 'error' ? 'error' : 'info' };
    if (kind !== 'error') messageTimer = setTimeout(hideMessage, 8000);
    if (kind === 'error') console.warn('swarmscope: ' + text);
  }
  function hideMessage() {
    clearTimeout(messageTimer);
    messageBox.hidden = true;
  }
  messageAction.addEventListener('click', () => {
    if (messageRun) messageRun();
  });
  document.getElementById('message-close').addEventListener('click', () => {
    hideMessage();
    canvas.focus();
  });

  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  let readyResolve;
  const ready = new Promise(resolve => { readyResolve = resolve; });
  let started = false;

  // ---------------------------------------------------------------- the app's C functions
  const app = {
    command(text) {
      return JSON.parse(Module.ccall('swarmscope_command', 'string', ['string'], [String(text)]));
    },
    state() {
      return JSON.parse(Module.ccall('swarmscope_state_json', 'string', [], []));
    },
    editorText() {
      return Module.ccall('swarmscope_editor_text', 'string', [], []);
    },
    // Puts the text in the editor (and with `run`, plays it): {ok, message}.
    load(text, name, run) {
      return JSON.parse(Module.ccall('swarmscope_load_lesson', 'string', ['string', 'string', 'number'], [text, name, run ? 1 : 0]));
    },
    // Checks a text without loading it: {ok, line, column, message, format, newer}.
    check(text) {
      return JSON.parse(Module.ccall('swarmscope_check_lesson', 'string', ['string'], [text]));
    },
    // A language's table (lang/LANG.json's text), so `lang LANG` switches without fetching it again.
    addTable(lang, text) {
      return Module.ccall('swarmscope_add_table', 'number', ['string', 'string'], [lang, text]) === 1;
    },
  };

  // ---------------------------------------------------------------- the draft kept in the browser
  function readStored(key) {
    try {
      const raw = localStorage.getItem(key);
      if (!raw) return null;
      const d = JSON.parse(raw);
      return d && typeof d.text === 'string' ? d : null;
    } catch (e) {
      return null;
    }
  }

  let storageWarned = false;
  let draftSerial = null;  // the editor text the stored draft grew from (C's editor serial)
  // Keeps the editor's text; the first edit of a new text (another lesson, a file) first moves the
  // draft it replaces to PREVIOUS_KEY, so switching lessons by mistake does not lose a day's work.
  function saveDraft(text, name, serial) {
    try {
      if (serial !== draftSerial) {
        const old = localStorage.getItem(DRAFT_KEY);
        if (old) localStorage.setItem(PREVIOUS_KEY, old);
        draftSerial = serial;
      }
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ text, name: name || '', saved: new Date().toISOString() }));
      return true;
    } catch (e) {
      if (!storageWarned) {
        storageWarned = true;
        showMessage(t('page.storage_full'), 'error');
      }
      return false;
    }
  }

  // The editor no longer shows what the address's #lesson= or #share= gave: a reload must bring back
  // the edited text, not the link's.
  function forgetLinkInAddress() {
    if (/(^|&)(lesson|share)=/.test(location.hash.slice(1)))
      history.replaceState(null, '', location.pathname + location.search);
  }

  function restoreDraft() {
    const d = readStored(DRAFT_KEY);
    if (!d) return false;
    const mark = d.saved || d.text.length.toString();
    let crashed = false;
    try {
      crashed = localStorage.getItem(RESTORING_KEY) === mark;
      if (!crashed) localStorage.setItem(RESTORING_KEY, mark);
    } catch (e) {
      crashed = false;
    }
    if (crashed) {
      // The same text stopped the app when it was last loaded: keep it, but do not load it again.
      showMessage(t('page.draft_crashed'), 'error', { label: t('page.download_it'), run: () => saveFile(d.text, d.name) });
      return false;
    }
    app.load(d.text, d.name || '', false);
    try {
      localStorage.removeItem(RESTORING_KEY);
    } catch (e) {
      // nothing to undo
    }
    app.command('editor show');
    const when = d.saved ? new Date(d.saved) : null;
    showMessage(when && !isNaN(when) ? t('page.draft_back_saved', when.toLocaleString(pageLang)) : t('page.draft_back'), 'info');
    return true;
  }

  // ---------------------------------------------------------------- share links
  function toBase64Url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64Url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it has characters a lesson link never has');
    if (text.length === 0 || text.length % 4 === 1) throw new Error('its data has been cut short');
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function pipe(bytes, transform) {
    const stream = new Blob([bytes]).stream().pipeThrough(transform);
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Inflates at most MAX_TEXT * 4 bytes, so a hostile link cannot fill the memory.
  async function inflate(bytes) {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    const parts = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_TEXT * 4) {
        reader.cancel().catch(() => {});
        throw new Error('too long');
      }
      parts.push(value);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function safeName(name, fallback) {
    const n = String(name || '').trim();
    return /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,79}$/.test(n) && !n.includes('..') ? n : fallback;
  }

  // Opens a #share= value; on any problem says what it is and loads nothing.
  async function openShare(value, name) {
    const damaged = why => {
      showMessage(t('page.link_damaged', why), 'error');
      return false;
    };
    const m = /^(\d{1,6})\.(.*)$/s.exec(value || '');
    if (!m) return damaged(t('page.damaged.no_format'));
    const version = Number(m[1]);
    if (version > LINK_VERSION) {
      showMessage(t('page.link_newer', version, LINK_VERSION), 'error');
      return false;
    }
    if (version < 1) return damaged(t('page.damaged.format_number', version));
    if (typeof DecompressionStream === 'undefined')
      return showMessage(t('page.no_decompression'), 'error'), false;
    let bytes, text;
    try {
      bytes = fromBase64Url(m[2]);
    } catch (e) {
      return damaged(e.message);
    }
    try {
      bytes = await inflate(bytes);
    } catch (e) {
      return damaged(e.message === 'too long' ? t('page.damaged.too_long') : t('page.damaged.no_unpack'));
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      return damaged(t('page.damaged.not_text'));
    }
    if (text.length > MAX_TEXT) return damaged(t('page.damaged.too_long'));
    const check = app.check(text);
    if (check.newer) {
      showMessage(t('page.lesson_newer', check.format), 'error');
      return false;
    }
    if (!check.ok) return damaged(t('page.damaged.not_lesson', check.line, check.column, check.message));
    const r = app.load(text, safeName(name, 'shared'), true);
    if (!r.ok) return damaged(r.message);
    return true;
  }

  async function share() {
    const text = app.editorText();
    const check = app.check(text);
    if (!check.ok) {
      showMessage(t('page.cannot_share', check.line, check.column, check.message), 'error');
      return;
    }
    if (typeof CompressionStream === 'undefined') {
      showMessage(t('page.no_compression'), 'error');
      return;
    }
    const data = toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
    const name = safeName(app.state().editor.name, '');
    const hash = '#share=' + LINK_VERSION + '.' + data + (name ? '&name=' + encodeURIComponent(name) : '');
    const url = location.origin + location.pathname + location.search + hash;
    history.replaceState(null, '', url);
    window.swarmscope.lastShareUrl = url;
    let copied = false;
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch (e) {
      copied = false;
    }
    showShareBox(url, copied);
  }

  function showShareBox(url, copied) {
    hideMessage();
    shareUrl.value = url;
    shareNote.textContent = t(copied ? 'page.share_copied' : 'page.share_select', url.length);
    shareBox.hidden = false;
    shareUrl.focus();
    shareUrl.select();
  }
  function hideShareBox() {
    shareBox.hidden = true;
    canvas.focus();
  }
  document.getElementById('share-close').addEventListener('click', hideShareBox);
  shareBox.addEventListener('keydown', e => {
    if (e.key === 'Escape') hideShareBox();
  });
  document.getElementById('share-copy').addEventListener('click', async () => {
    shareUrl.focus();
    shareUrl.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(shareUrl.value);
      copied = true;
    } catch (e) {
      try {
        copied = document.execCommand('copy');
      } catch (e2) {
        copied = false;
      }
    }
    shareNote.textContent = t(copied ? 'page.copied' : 'page.copy_refused');
  });

  // ---------------------------------------------------------------- download and open
  function download() {
    saveFile(app.editorText(), app.state().editor.name);
  }

  function saveFile(text, name) {
    const file = (safeName(name, 'lesson').replace(/[/.]+/g, '-') || 'lesson') + '.json';
    const href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = href;
    a.download = file;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
  }

  openInput.addEventListener('change', async () => {
    const file = openInput.files && openInput.files[0];
    openInput.value = '';
    if (!file) return;
    if (file.size > MAX_TEXT * 4) {
      showMessage(t('page.file_too_long', file.name), 'error');
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (e) {
      showMessage(t('page.file_unreadable', file.name, e.message), 'error');
      return;
    }
    const name = safeName(file.name.replace(/\.json$/i, ''), 'opened');
    // Kept before it is loaded, so a text that breaks the loader is still there after a reload.
    saveDraft(text, name, 'file:' + Date.now());
    forgetLinkInAddress();
    const r = app.load(text, name, true);
    if (!r.ok) showMessage(t('page.file_bad', file.name, r.message), 'error');
    else showMessage(t('page.file_opened', file.name), 'info');
  });

  // ---------------------------------------------------------------- links in the address
  function linkParams() {
    return new URLSearchParams(location.hash.replace(/^#/, ''));
  }

  function hasLink() {
    const p = linkParams();
    return p.has('share') || p.has('lesson');
  }

  // Follows #share= or #lesson=; true when a lesson was opened.
  async function followLink() {
    const p = linkParams();
    if (p.has('share')) return openShare(p.get('share'), p.get('name'));
    if (!p.has('lesson')) return false;
    const name = p.get('lesson');
    const step = p.get('step');
    if (!/^\S+$/.test(name)) {
      showMessage(t('page.link_no_lesson'), 'error');
      return false;
    }
    if (step !== null && !/^\d+$/.test(step)) {
      showMessage(t('page.link_bad_step', step, name), 'error');
      return false;
    }
    const r = app.command('lesson open ' + name + (step !== null ? ' step ' + step : ''));
    if (!r.ok) showMessage(t('page.link_open_failed', r.message), 'error');
    return r.ok;
  }

  async function startup() {
    try {
      await wordsReady;
      if (pageLang !== 'en' && tableTexts[pageLang]) app.addTable(pageLang, tableTexts[pageLang]);
      app.command('lang ' + pageLanguage());
      const linked = hasLink();
      const opened = linked ? await followLink() : false;
      if (!opened) {
        const message = window.swarmscope.lastMessage;
        // A link that failed keeps its message in front of the restored draft's.
        if (restoreDraft() && linked && message) showMessage(message.text, message.kind);
      }
    } catch (e) {
      console.warn('swarmscope: start-up: ' + e);
    }
    window.addEventListener('hashchange', () => {
      if (linkParams().has('lang')) app.command('lang ' + pageLanguage());
      if (!hasLink()) return;
      hideShareBox();
      followLink().catch(e => console.warn('swarmscope: link: ' + e));
    });
    readyResolve();
  }

  // ---------------------------------------------------------------- the API
  window.swarmscope = {
    ready,
    state() {
      if (!started) return { frame: 0, loading: true };
      return app.state();
    },
    command(text) {
      if (!started) return { ok: false, message: 'Swarmscope is still loading' };
      return app.command(text);
    },
    // The lesson editor's whole text.
    editorText() {
      return started ? app.editorText() : '';
    },
    // The draft kept in this browser, {text, name, saved}, and the one before it.
    draft() {
      return readStored(DRAFT_KEY);
    },
    previousDraft() {
      return readStored(PREVIOUS_KEY);
    },
    lastShareUrl: null,
    lastMessage: null,  // {text, kind}: the last message shown over the canvas
  };

  if (!hasWebGL2()) {
    wordsReady.then(() => showNotice(t('page.no_webgl2'), true));
    console.warn('swarmscope: WebGL2 is not available');
    return;
  }

  // The page's own labels, once its words are here (the app draws the rest).
  wordsReady.then(() => {
    if (!notice.classList.contains('error')) noticeText.textContent = t('page.loading');
    document.getElementById('share-copy').textContent = t('page.copy');
    document.getElementById('message-close').setAttribute('aria-label', t('page.dismiss'));
    document.getElementById('share-close').setAttribute('aria-label', t('page.close'));
    document.documentElement.lang = pageLang;
  });

  window.Module = {
    canvas,
    print: text => console.log(text),
    printErr: text => console.warn(text),
    onRuntimeInitialized() { started = true; },
    onFirstFrame() {
      notice.style.display = 'none';
      canvas.focus();
      setTimeout(startup, 0);  // outside the frame that called us
    },
    onEditorChanged(text, name, serial) {
      saveDraft(text, name, serial);
      forgetLinkInAddress();
    },
    onPlatformRequest(what) {
      if (what === 'share') share().catch(e => showMessage(t('page.share_failed', e.message), 'error'));
      else if (what === 'download') download();
      else if (what === 'open') {
        // Browsers show a file dialog only just after a click or a key press.
        if (navigator.userActivation && !navigator.userActivation.isActive)
          showMessage(t('page.open_needs_click'), 'info');
        else openInput.click();
      }
    },
    onStartFailed(why) { wordsReady.then(() => showNotice(t('page.start_failed', why), true)); },
    onAbort(what) {
      showNotice(t(readStored(DRAFT_KEY) ? 'page.crashed_kept' : 'page.crashed', what), true);
    },
  };
  canvas.addEventListener('webglcontextlost', e => {
    e.preventDefault();
    showNotice(t('page.context_lost'), true);
  });

  const script = document.createElement('script');
  script.src = 'app.js';
  script.onerror = () => wordsReady.then(() => showNotice(t('page.no_app_js'), true));
  document.body.appendChild(script);
})();
