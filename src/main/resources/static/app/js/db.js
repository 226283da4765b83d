// IndexedDB, promised. One database per browser profile holds what the signed-in user sees:
//   meta     key → value (session, change cursor, flags)
//   objects  {key: "entity:id", entity, id, server, local}: the server's copy and, while a write waits
//            in the outbox, the local one shown instead (local.deleted for a pending delete)
//   outbox   {n, ...request}: writes in the order they were made, sent one at a time
//   problems {id, ...}: conflicts and refused writes for the user to look at

const NAME = 'hisaab';
const VERSION = 1;
let opened;

export function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('meta');
      db.createObjectStore('objects', { keyPath: 'key' }).createIndex('entity', 'entity');
      db.createObjectStore('outbox', { keyPath: 'n', autoIncrement: true });
      db.createObjectStore('problems', { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('The database is open in an older tab: close it and reload'));
  });
  return opened;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs `work(stores)` in one read-write transaction over `names`; resolves once it has committed. */
export async function transact(names, work) {
  const db = await open();
  const tx = db.transaction(names, 'readwrite');
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
  let result;
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('Transaction aborted'));
  });
  try {
    result = await work(stores, done);
  } catch (e) {
    try { tx.abort(); } catch { /* already finished */ }
    throw e;
  }
  await committed;
  return result;
}

export async function get(store, key) {
  const db = await open();
  return done(db.transaction(store).objectStore(store).get(key));
}

export async function all(store) {
  const db = await open();
  return done(db.transaction(store).objectStore(store).getAll());
}

export async function put(store, value, key) {
  return transact([store], (s) => done(key === undefined ? s[store].put(value) : s[store].put(value, key)));
}

export async function remove(store, key) {
  return transact([store], (s) => done(s[store].delete(key)));
}

export async function clearAll() {
  return transact(['meta', 'objects', 'outbox', 'problems'], (s, d) =>
    Promise.all(Object.values(s).map((store) => d(store.clear()))));
}

export { done as request };
