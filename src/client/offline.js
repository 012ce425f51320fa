// Registers the service worker and asks it to keep this page (and what the server lists in
// data-offline-urls) for offline reading, then shows "available offline — updated <date>".
(function () {
  'use strict';
  var holder = document.querySelector('[data-offline-urls]');
  var status = document.querySelector('[data-offline-status]');
  if (!holder || !status || !('serviceWorker' in navigator) || !('MessageChannel' in window)) return;
  var urls = holder.getAttribute('data-offline-urls').split(/\s+/).filter(Boolean);
  var language = status.getAttribute('data-language') || document.documentElement.lang;

  function show(isoDate) {
    var date = new Date(isoDate);
    if (isNaN(date.getTime())) return;
    var text = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(date);
    status.textContent = status.getAttribute('data-template').replace('{date}', text);
    status.hidden = false;
  }

  function ask(worker) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      if (event.data && event.data.cachedAt) show(event.data.cachedAt);
    };
    worker.postMessage({ type: 'keep-offline', urls: urls }, [channel.port2]);
  }

  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {
    // Offline, the registration cannot be refreshed; the worker already installed still answers.
  });
  navigator.serviceWorker.ready.then(function (registration) {
    if (registration.active) ask(registration.active);
  });
})();
