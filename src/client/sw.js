// Passerelle service worker: keeps the pages a visitor asked to read offline (a city kit, later the
// safety card) and what they load. Pages are fetched from the network first, so they stay up to date
// when online; the cached copy answers when the network fails.
'use strict';

var CACHE = 'passerelle-offline-v1';
var CACHED_AT = 'x-passerelle-cached-at';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf('passerelle-offline-') === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

/** Stores a copy stamped with the time, so the page can say when it was last updated. */
function store(cache, request, response) {
  if (!response || !response.ok || response.type === 'opaqueredirect') return Promise.resolve(null);
  return response
    .clone()
    .blob()
    .then(function (body) {
      var headers = new Headers(response.headers);
      var cachedAt = new Date().toISOString();
      headers.set(CACHED_AT, cachedAt);
      return cache
        .put(request, new Response(body, { status: response.status, statusText: response.statusText, headers: headers }))
        .then(function () {
          return cachedAt;
        });
    });
}

function refresh(url) {
  return caches.open(CACHE).then(function (cache) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        return store(cache, url, response);
      })
      .catch(function () {
        return null;
      });
  });
}

function cachedAtOf(url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(url).then(function (response) {
      return response ? response.headers.get(CACHED_AT) : null;
    });
  });
}

self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'keep-offline' || !Array.isArray(data.urls)) return;
  var urls = data.urls.filter(sameOrigin).slice(0, 50);
  var reply = event.ports && event.ports[0];
  event.waitUntil(
    Promise.all(urls.map(refresh))
      .then(function (results) {
        // The first URL is the page itself: its date is the one shown, fresh or from an earlier visit.
        return results[0] ? results[0] : cachedAtOf(urls[0]);
      })
      .then(function (cachedAt) {
        if (reply) reply.postMessage({ cachedAt: cachedAt });
      }),
  );
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  var url = new URL(request.url);
  var key = url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(key).then(function (cached) {
        if (!cached) return fetch(request);
        // Kept pages and assets: network first (updates when online), the kept copy when offline.
        return fetch(request)
          .then(function (response) {
            if (response.ok) store(cache, key, response.clone());
            return response;
          })
          .catch(function () {
            return cached;
          });
      });
    }),
  );
});
