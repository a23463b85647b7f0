/* Clave — "No soy un robot". Progressive enhancement of every <div class="captcha" data-challenge-url>
   inside a form (templates/fragments/captcha.html): a real checkbox with its label; checking it fetches
   an ALTCHA challenge, solves it in a Web Worker and puts the base64 solution in the hidden "captcha"
   field. The state is shown in text, announced by screen readers (role=status). Texts come from the
   div's data attributes, so they come from the message bundles. No inline script or style (CSP). */
(function () {
  'use strict';

  var SOLVE_TIMEOUT_MS = 120000;
  /** A solution is refreshed a little before the server stops accepting it. */
  var EXPIRY_MARGIN_MS = 15000;
  var count = 0;

  function supported() {
    return typeof window.Worker === 'function' && typeof window.fetch === 'function'
      && window.crypto && window.crypto.subtle && typeof window.btoa === 'function';
  }

  function expiresAt(salt) {
    var match = /[?&]expires=(\d+)/.exec(salt);
    return match ? Number(match[1]) * 1000 : null;
  }

  function enhance(box) {
    if (box.getAttribute('data-captcha-ready') === 'true') {
      return;
    }
    box.setAttribute('data-captcha-ready', 'true');
    count += 1;
    var id = 'captcha-' + count;

    var field = box.querySelector('input[name="captcha"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'captcha';
      box.appendChild(field);
    }
    field.value = '';

    var checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    checkbox.id = id;
    checkbox.setAttribute('aria-describedby', id + '-status');

    var label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = box.getAttribute('data-label');

    var status = document.createElement('p');
    status.id = id + '-status';
    status.className = 'captcha-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');

    var progress = document.createElement('progress');
    progress.className = 'captcha-progress';
    progress.max = 100;
    progress.value = 0;
    progress.hidden = true;
    progress.setAttribute('aria-hidden', 'true');

    box.appendChild(checkbox);
    box.appendChild(label);
    box.appendChild(status);
    box.appendChild(progress);

    var state = 'idle';
    var worker = null;
    var timer = null;
    /** Each check of the box is one attempt; answers of an abandoned attempt are ignored. */
    var attempt = 0;

    function stopWork() {
      attempt += 1;
      if (worker) {
        worker.terminate();
        worker = null;
      }
      if (timer) {
        window.clearTimeout(timer);
        timer = null;
      }
      progress.hidden = true;
    }

    function show(next, text) {
      state = next;
      box.classList.remove('captcha-working', 'captcha-done', 'captcha-error');
      if (next !== 'idle') {
        box.classList.add('captcha-' + next);
      }
      box.setAttribute('aria-busy', next === 'working' ? 'true' : 'false');
      status.textContent = text || '';
    }

    function fail() {
      stopWork();
      field.value = '';
      checkbox.checked = false;
      show('error', box.getAttribute('data-error'));
    }

    function solved(challenge, number) {
      stopWork();
      field.value = window.btoa(JSON.stringify({
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: number,
        salt: challenge.salt,
        signature: challenge.signature
      }));
      show('done', box.getAttribute('data-done'));
      var expiry = expiresAt(challenge.salt);
      var left = expiry === null ? 0 : expiry - Date.now() - EXPIRY_MARGIN_MS;
      if (left > 0) {
        timer = window.setTimeout(fail, left);
      }
    }

    function start() {
      stopWork();
      var mine = attempt;
      field.value = '';
      progress.value = 0;
      progress.hidden = false;
      show('working', box.getAttribute('data-working'));
      if (!supported()) {
        fail();
        return;
      }
      timer = window.setTimeout(fail, SOLVE_TIMEOUT_MS);
      window.fetch(box.getAttribute('data-challenge-url'), {
        method: 'GET',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { 'Accept': 'application/json' }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error('challenge refused: ' + response.status);
        }
        return response.json();
      }).then(function (challenge) {
        if (mine !== attempt) {
          return;
        }
        worker = new window.Worker(box.getAttribute('data-worker-url'));
        worker.onmessage = function (event) {
          var message = event.data || {};
          if (mine !== attempt) {
            return;
          }
          if (message.type === 'progress') {
            progress.value = Math.min(100, Math.floor(100 * message.tried / message.of));
          } else if (message.type === 'solved') {
            solved(challenge, message.number);
          } else {
            fail();
          }
        };
        worker.onerror = function () {
          if (mine === attempt) {
            fail();
          }
        };
        worker.postMessage({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          salt: challenge.salt,
          maxnumber: challenge.maxnumber
        });
      }).catch(function () {
        if (mine === attempt) {
          fail();
        }
      });
    }

    checkbox.addEventListener('change', function () {
      if (state === 'working') {
        checkbox.checked = true;
        return;
      }
      if (checkbox.checked) {
        start();
      } else {
        stopWork();
        field.value = '';
        show('idle', '');
      }
    });
  }

  function enhanceAll() {
    var boxes = document.querySelectorAll('div.captcha[data-challenge-url]');
    for (var i = 0; i < boxes.length; i++) {
      enhance(boxes[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', enhanceAll);
  } else {
    enhanceAll();
  }
}());
