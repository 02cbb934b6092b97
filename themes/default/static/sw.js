/* zhiyin service worker: the site keeps working offline after the first visit over http(s).
   Written to the output root by every build, with VERSION and FILES filled in (see
   src/package/sw.rs); registered by site.js on http(s) only, never on file://.
   - install: every file of this build into a new cache named by VERSION; if any file fails,
     the install fails and the previous version keeps serving (never a half-updated site);
   - activate: deletes this site's caches of other versions;
   - fetch: cache first for same-origin GETs inside the site, network otherwise.
   Plain ES2017, no dependencies. */
"use strict";

var VERSION = "__ZHIYIN_SW_VERSION__";
var FILES = [/*__ZHIYIN_SW_FILES__*/];
var PREFIX = "zhiyin|" + self.registration.scope + "|";
var CACHE = PREFIX + VERSION;

function encodePath(p) {
  return p.split("/").map(encodeURIComponent).join("/");
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      /* "reload": straight from the server, never from the HTTP cache (which may hold
         files of an older build). */
      /* addAll stores all or nothing. A failed install leaves no half cache to delete, and
         deleting by name here could hit the live cache of a worker of the same version. */
      return cache.addAll(FILES.map(function (f) {
        return new Request(encodePath(f), { cache: "reload" });
      }));
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf(PREFIX) === 0 && k !== CACHE;
      }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = req.url.split("#")[0];
  var scope = self.registration.scope;
  if (url.indexOf(scope) !== 0) return;
  var path = url.slice(scope.length).split("?")[0];
  /* A folder URL (the site root, or /courses/) is its index.html. */
  var key = path === "" || path.charAt(path.length - 1) === "/" ? scope + path + "index.html" : req;
  /* caches.match with cacheName never creates a cache (caches.open would, and a worker still
     finishing a request after a newer one took over would bring its deleted cache back). */
  event.respondWith(
    caches.match(key, { cacheName: CACHE, ignoreSearch: true }).then(function (hit) {
      return hit || fetch(req);
    })
  );
});
