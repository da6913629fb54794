// Page glue: checks for WebGL2, loads the WebAssembly app, shows progress and errors in plain words,
// and exposes window.swarmscope = { state(), command(text), ready } for lecturers' scripts and tests.
(function () {
  'use strict';
  const canvas = document.getElementById('canvas');
  const notice = document.getElementById('notice');
  const noticeText = document.getElementById('notice-text');

  function showNotice(text, isError) {
    noticeText.textContent = text;
    notice.classList.toggle('error', !!isError);
    notice.style.display = '';
  }

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

  window.swarmscope = {
    ready,
    state() {
      if (!started) return { frame: 0, loading: true };
      return JSON.parse(Module.ccall('swarmscope_state_json', 'string', [], []));
    },
    command(text) {
      if (!started) return { ok: false, message: 'Swarmscope is still loading' };
      return JSON.parse(Module.ccall('swarmscope_command', 'string', ['string'], [String(text)]));
    },
  };

  if (!hasWebGL2()) {
    showNotice('Swarmscope draws the swarm with WebGL2, and this browser does not offer it (it may be ' +
               'turned off, or the graphics driver is blocked). Try a current Firefox, Chrome, Edge or ' +
               'Safari, or turn on hardware acceleration in the browser settings.', true);
    console.warn('swarmscope: WebGL2 is not available');
    return;
  }

  window.Module = {
    canvas,
    print: text => console.log(text),
    printErr: text => console.warn(text),
    onRuntimeInitialized() { started = true; },
    onFirstFrame() {
      notice.style.display = 'none';
      canvas.focus();
      readyResolve();
    },
    onStartFailed(why) { showNotice('Swarmscope could not start: ' + why, true); },
    onAbort(what) { showNotice('Swarmscope stopped after an internal error (' + what + '). Reload the page to start again.', true); },
  };
  canvas.addEventListener('webglcontextlost', e => {
    e.preventDefault();
    showNotice('The browser took the graphics context away. Reload the page to continue.', true);
  });

  const script = document.createElement('script');
  script.src = 'app.js';
  script.onerror = () => showNotice('Could not load app.js from the server. Is web/serve still running?', true);
  document.body.appendChild(script);
})();
