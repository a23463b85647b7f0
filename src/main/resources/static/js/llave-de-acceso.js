/* Clave — llaves de acceso (passkeys, WebAuthn). Two uses, each found by its element:
   - #ingresar-llave on Ingresar: "Ingresar con llave de acceso" asks the server for a challenge, the
     browser for the signature (the phone's fingerprint or PIN), and sends it; the server answers where to go.
   - #llave-nueva in Mi seguridad: "Crear la llave de acceso" asks for the creation options, the browser
     makes the passkey, and the server stores it under the name typed.
   Both are hidden until this script shows them: without JavaScript, or in a browser without WebAuthn,
   the page says so (a <noscript> or the element's data-unsupported text) and the clave keeps working.
   The server's JSON carries bytes as base64url; the browser wants ArrayBuffers, converted here. The CSRF
   token is the one of the element's form, sent as X-CSRF-TOKEN. No inline script (CSP). */
(function () {
  'use strict';

  function toBuffer(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) {
      base64 += '=';
    }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      var descriptor = { type: d.type, id: toBuffer(d.id) };
      if (d.transports) {
        descriptor.transports = d.transports;
      }
      return descriptor;
    });
  }

  /** POSTs JSON; resolves with the answer's JSON, rejects with an Error whose message the server wrote. */
  function post(url, token, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-TOKEN': token },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.message || '');
        }
        return answer;
      });
    });
  }

  function credential(made, response) {
    var json = { id: made.id, rawId: toText(made.rawId), type: made.type, response: response,
      clientExtensionResults: made.getClientExtensionResults ? made.getClientExtensionResults() : {} };
    if (made.authenticatorAttachment) {
      json.authenticatorAttachment = made.authenticatorAttachment;
    }
    return json;
  }

  function setUp(box, start) {
    var form = box.closest('form') || box.querySelector('form') || document.querySelector('form');
    var token = form ? (form.querySelector('input[name="_csrf"]') || {}).value || '' : '';
    var error = box.querySelector('[data-error]');
    var button = box.querySelector('button');
    if (!window.PublicKeyCredential || !navigator.credentials) {
      error.textContent = box.getAttribute('data-unsupported');
      error.hidden = false;
      box.hidden = false;
      button.hidden = true;
      return;
    }
    box.hidden = false;
    function fail(e) {
      error.textContent = (e && e.message) || box.getAttribute('data-failed');
      error.hidden = false;
      button.disabled = false;
      error.focus();
    }
    function go(event) {
      event.preventDefault();
      error.hidden = true;
      button.disabled = true;
      start(token).then(function (answer) {
        window.location.assign(answer.redirect);
      }).catch(function (e) {
        // The person closed the phone's prompt, or it timed out: the browser's own words are not for them.
        fail(e && (e.name === 'NotAllowedError' || e.name === 'AbortError' || e.name === 'InvalidStateError') ? null : e);
      });
    }
    (box.tagName === 'FORM' ? box : button).addEventListener(box.tagName === 'FORM' ? 'submit' : 'click', go);
  }

  function login(box) {
    setUp(box, function (token) {
      return post(box.getAttribute('data-options'), token).then(function (options) {
        var publicKey = { challenge: toBuffer(options.challenge), timeout: options.timeout, rpId: options.rpId,
          allowCredentials: descriptors(options.allowCredentials), userVerification: options.userVerification };
        if (options.extensions) {
          publicKey.extensions = options.extensions;
        }
        return navigator.credentials.get({ publicKey: publicKey });
      }).then(function (made) {
        var r = made.response;
        var response = { authenticatorData: toText(r.authenticatorData), clientDataJSON: toText(r.clientDataJSON),
          signature: toText(r.signature) };
        if (r.userHandle) {
          response.userHandle = toText(r.userHandle);
        }
        return post(box.getAttribute('data-login'), token, credential(made, response));
      });
    });
  }

  function register(box) {
    var name = box.querySelector('input[name="name"]');
    setUp(box, function (token) {
      return post(box.getAttribute('data-options'), token).then(function (options) {
        var publicKey = { rp: options.rp, challenge: toBuffer(options.challenge),
          user: { id: toBuffer(options.user.id), name: options.user.name, displayName: options.user.displayName },
          pubKeyCredParams: options.pubKeyCredParams, timeout: options.timeout,
          excludeCredentials: descriptors(options.excludeCredentials),
          authenticatorSelection: options.authenticatorSelection, attestation: options.attestation };
        if (options.extensions) {
          publicKey.extensions = options.extensions;
        }
        return navigator.credentials.create({ publicKey: publicKey });
      }).then(function (made) {
        var r = made.response;
        var response = { attestationObject: toText(r.attestationObject), clientDataJSON: toText(r.clientDataJSON),
          transports: r.getTransports ? r.getTransports() : [] };
        return post(box.getAttribute('action'), token,
          { name: name.value, publicKey: { credential: credential(made, response), label: name.value } });
      });
    });
  }

  function init() {
    var signIn = document.getElementById('ingresar-llave');
    if (signIn) {
      login(signIn);
    }
    var create = document.getElementById('llave-nueva');
    if (create) {
      register(create);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
