// The runner companion's durable outbox in IndexedDB (web/Runner/BrowserOutbox.cs): every reading gets its seq and is
// written in one transaction before it is sent; the hub's ack trims it. Survives a reload, a killed tab, a phone restart.

const dbs = new Map();

function request(r) {
    return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}

function done(tx) {
    return new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error('outbox transaction aborted'));
    });
}

async function db(name) {
    let open = dbs.get(name);
    if (!open) {
        const r = indexedDB.open(name, 1);
        r.onupgradeneeded = () => {
            r.result.createObjectStore('samples', { keyPath: 'seq' });
            r.result.createObjectStore('meta');
        };
        open = request(r);
        dbs.set(name, open);
    }
    return open;
}

async function meta(store) {
    return (await request(store.get('seqs'))) || { lastSeq: 0, ackedSeq: 0 };
}

// Gives the samples the next contiguous seqs and stores them; refuses (never numbers) what does not fit under max.
export async function append(name, json, max) {
    const samples = JSON.parse(json);
    const d = await db(name);
    const tx = d.transaction(['samples', 'meta'], 'readwrite');
    const store = tx.objectStore('samples');
    const metaStore = tx.objectStore('meta');
    const seqs = await meta(metaStore);
    const depth = await request(store.count());
    const room = Math.max(0, max - depth);
    const taken = samples.slice(0, room);
    for (const s of taken) {
        seqs.lastSeq++;
        s.seq = seqs.lastSeq;
        store.put(s);
    }
    metaStore.put(seqs, 'seqs');
    await done(tx);
    return { appended: taken.length, refused: samples.length - taken.length, lastSeq: seqs.lastSeq, depth: depth + taken.length };
}

export async function readPending(name, fromSeq, max) {
    const d = await db(name);
    const tx = d.transaction('samples', 'readonly');
    return JSON.stringify(await request(tx.objectStore('samples').getAll(IDBKeyRange.lowerBound(fromSeq), max)));
}

export async function trim(name, upTo) {
    const d = await db(name);
    const tx = d.transaction(['samples', 'meta'], 'readwrite');
    tx.objectStore('samples').delete(IDBKeyRange.upperBound(upTo));
    const metaStore = tx.objectStore('meta');
    const seqs = await meta(metaStore);
    if (upTo > seqs.ackedSeq) seqs.ackedSeq = upTo;
    if (seqs.ackedSeq > seqs.lastSeq) seqs.lastSeq = seqs.ackedSeq;
    metaStore.put(seqs, 'seqs');
    await done(tx);
}

export async function stats(name) {
    const d = await db(name);
    const tx = d.transaction(['samples', 'meta'], 'readonly');
    const seqs = await meta(tx.objectStore('meta'));
    const depth = await request(tx.objectStore('samples').count());
    return { lastSeq: seqs.lastSeq, ackedSeq: seqs.ackedSeq, depth };
}
