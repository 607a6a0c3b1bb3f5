// Speech synthesis and the screen wake lock for the runner companion (web/Runner/BrowserSpeech.cs, RunnerScreen).

// Speaks one cue and resolves when it has finished; rejects with the browser's reason when it cannot be spoken.
export function speak(text, lang) {
    return new Promise((resolve, reject) => {
        if (!('speechSynthesis' in window)) { reject(new Error('this browser has no speech synthesis')); return; }
        const u = new SpeechSynthesisUtterance(text);
        if (lang) u.lang = lang;
        u.onend = () => resolve();
        u.onerror = e => reject(new Error('speech failed: ' + (e.error || 'unknown')));
        window.speechSynthesis.speak(u);
    });
}

export function cancel() {
    if ('speechSynthesis' in window) window.speechSynthesis.cancel();
}

let lock = null;
let wanted = false;

async function take() {
    if (!wanted || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return false;
    try {
        lock = await navigator.wakeLock.request('screen');
        lock.addEventListener('release', () => { lock = null; });
        return true;
    } catch {
        return false;
    }
}

// Keeps the screen on while the page runs; the lock is released when the page is hidden and taken again when it shows.
export async function holdWakeLock() {
    if (!wanted) {
        wanted = true;
        document.addEventListener('visibilitychange', () => { if (!lock) take(); });
    }
    return lock !== null || await take();
}
