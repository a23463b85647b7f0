/* Clave — "Mostrar clave". Puts a button after every clave field (input type=password) of the page:
   pressed, the field shows what was typed (type=text) and the button says "Ocultar clave"; pressed
   again, it hides it. aria-pressed tells screen readers the state. Texts come from this script tag's
   data attributes (fragments/selfservice :: claveToggle), so from the message bundles. Without
   JavaScript nothing is added and the fields stay plain password fields. No inline script (CSP). */
(function () {
  'use strict';

  var script = document.currentScript;
  var showText = (script && script.getAttribute('data-show')) || 'Mostrar clave';
  var hideText = (script && script.getAttribute('data-hide')) || 'Ocultar clave';

  function addToggle(field) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'clave-toggle';
    button.setAttribute('aria-pressed', 'false');
    if (field.id) {
      button.setAttribute('aria-controls', field.id);
    }
    button.textContent = showText;
    button.addEventListener('click', function () {
      var show = field.type === 'password';
      field.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
      button.textContent = show ? hideText : showText;
    });
    field.parentNode.insertBefore(button, field.nextSibling);
  }

  function init() {
    var fields = document.querySelectorAll('input[type="password"]');
    for (var i = 0; i < fields.length; i += 1) {
      addToggle(fields[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
