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
        // Opened at whatever version it has: no upgrade ever waits for another tab (an older page, say) to let go,
        // and an older page opens it too. The two stores are all there is; dead letters live in 'meta'.
        const r = indexedDB.open(name);
        r.onupgradeneeded = () => {
            const names = r.result.objectStoreNames;
            if (!names.contains('samples')) r.result.createObjectStore('samples', { keyPath: 'seq' });
            if (!names.contains('meta')) r.result.createObjectStore('meta');
        };
        // A failed open is not kept: the next call (the runner's retry) opens again.
        open = request(r).then(d => {
            // Another tab that deletes or upgrades this outbox is not held up by this one: the next call opens again.
            d.onversionchange = () => { d.close(); if (dbs.get(name) === open) dbs.delete(name); };
            return d;
        }).catch(e => { dbs.delete(name); throw e; });
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
    const dead = (await request(tx.objectStore('meta').get('dead'))) || { count: 0, lastReason: null };
    return { lastSeq: seqs.lastSeq, ackedSeq: seqs.ackedSeq, depth, deadLetters: dead.count, lastDeadReason: dead.lastReason };
}

// Moves the reading the hub refused for good (its values) out of the waiting readings, with the hub's reason, so the
// rest is sent; true when it moved (false: it was already gone).
export async function deadLetter(name, seq, reason, at) {
    const d = await db(name);
    const tx = d.transaction(['samples', 'meta'], 'readwrite');
    const samples = tx.objectStore('samples');
    const sample = await request(samples.get(seq));
    if (sample) {
        samples.delete(seq);
        const metaStore = tx.objectStore('meta');
        metaStore.put({ seq, reason, at, sample }, `dead:${seq}`);
        const dead = (await request(metaStore.get('dead'))) || { count: 0, lastReason: null };
        metaStore.put({ count: dead.count + 1, lastReason: reason }, 'dead');
    }
    await done(tx);
    return !!sample;
}

const PREFIX = 'mml-outbox-';

// What the outbox holds that is not to lose: the readings waiting and the ones the hub refused (kept to look at).
async function depthOf(name) {
    const d = await db(name);
    const tx = d.transaction(['samples', 'meta'], 'readonly');
    const waiting = await request(tx.objectStore('samples').count());
    const dead = (await request(tx.objectStore('meta').get('dead'))) || { count: 0 };
    return waiting + dead.count;
}

async function close(name) {
    const open = dbs.get(name);
    dbs.delete(name);
    if (open) { try { (await open).close(); } catch { /* never opened */ } }
}

async function remove(name) {
    await close(name);
    await new Promise((resolve, reject) => {
        const r = indexedDB.deleteDatabase(name);
        r.onsuccess = () => resolve();
        r.onerror = () => reject(r.error);
        r.onblocked = () => resolve(); // deleted once the other tab lets go
    });
}

// Deletes this runner's outbox when nothing in it waits and the hub refused nothing (its session is over); true when
// it went.
export async function dropIfEmpty(name) {
    if (await depthOf(name) > 0) return false;
    await remove(name);
    return true;
}

// Deletes the other companion outboxes on this phone that hold nothing unsent and no refused reading (earlier runs),
// so IndexedDB does not grow with every session; one that still holds readings is kept until its runner's page sends
// them.
export async function sweep(keep) {
    if (!indexedDB.databases) return 0;
    let removed = 0;
    for (const { name } of await indexedDB.databases()) {
        if (!name || !name.startsWith(PREFIX) || name === keep) continue;
        if (await depthOf(name) === 0) { await remove(name); removed++; } else { await close(name); }
    }
    return removed;
}
