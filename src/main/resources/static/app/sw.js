// The app shell offline: every file of the app is kept in the cache when the worker installs and
// refreshed whenever the network answers; without a network the cached copy answers (and every app
// route gets the shell). The API and the WebSocket never go through here.

const CACHE = 'hisaab-shell-v1';
const SHELL = [
  '/app/',
  '/app/index.html',
  '/app/app.css',
  '/app/icon.svg',
  '/app/manifest.json',
  '/app/js/main.js',
  '/app/js/api.js',
  '/app/js/db.js',
  '/app/js/live.js',
  '/app/js/money.js',
  '/app/js/store.js',
  '/app/js/ui.js',
  '/app/js/screens/auth.js',
  '/app/js/screens/common.js',
  '/app/js/screens/friends.js',
  '/app/js/screens/groups.js',
  '/app/js/screens/home.js',
  '/app/js/screens/invite.js',
  '/app/js/screens/notices.js',
  '/app/js/screens/personal.js',
  '/app/js/screens/shared.js',
  '/app/js/screens/udhari.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) return;
  const navigation = request.mode === 'navigate';
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && !navigation) cache.put(request, response.clone());
      if (response.ok && navigation) cache.put('/app/index.html', response.clone());
      return response;
    } catch (offline) {
      // ignoreVary: the server varies on Origin (CORS), which module scripts send and addAll did not.
      const options = { ignoreSearch: true, ignoreVary: true };
      const cached = await cache.match(navigation ? '/app/index.html' : request, options);
      if (cached) return cached;
      throw offline;
    }
  })());
});
