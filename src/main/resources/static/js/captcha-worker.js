/* Clave — solves one "No soy un robot" (ALTCHA) challenge off the page's thread: finds n in
   [0, maxnumber] with hex(sha256(salt + n)) == challenge. Hashes go to crypto.subtle in batches and
   progress is reported after each batch. Messages out: {type: "progress", tried, of},
   {type: "solved", number}, {type: "failed"}. */
'use strict';

var BATCH = 1000;

function hexToBytes(hex) {
  var bytes = new Uint8Array(hex.length / 2);
  for (var i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }
  return bytes;
}

function sameBytes(buffer, expected) {
  var actual = new Uint8Array(buffer);
  if (actual.length !== expected.length) {
    return false;
  }
  for (var i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      return false;
    }
  }
  return true;
}

async function solve(task) {
  var target = hexToBytes(task.challenge);
  var encoder = new TextEncoder();
  for (var start = 0; start <= task.maxnumber; start += BATCH) {
    var end = Math.min(start + BATCH - 1, task.maxnumber);
    var pending = [];
    for (var n = start; n <= end; n++) {
      pending.push(crypto.subtle.digest('SHA-256', encoder.encode(task.salt + n)));
    }
    var digests = await Promise.all(pending);
    for (var i = 0; i < digests.length; i++) {
      if (sameBytes(digests[i], target)) {
        return start + i;
      }
    }
    self.postMessage({ type: 'progress', tried: end + 1, of: task.maxnumber + 1 });
  }
  return -1;
}

function wellFormed(task) {
  return task && task.algorithm === 'SHA-256' && typeof task.challenge === 'string'
    && /^[0-9a-f]{64}$/.test(task.challenge) && typeof task.salt === 'string'
    && Number.isInteger(task.maxnumber) && task.maxnumber >= 0;
}

self.onmessage = function (event) {
  var task = event.data;
  if (!wellFormed(task) || !self.crypto || !self.crypto.subtle) {
    self.postMessage({ type: 'failed' });
    return;
  }
  solve(task).then(function (number) {
    self.postMessage(number >= 0 ? { type: 'solved', number: number } : { type: 'failed' });
  }, function () {
    self.postMessage({ type: 'failed' });
  });
};
