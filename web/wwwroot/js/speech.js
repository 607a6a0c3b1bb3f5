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
let listener = null;

function tell(held, why) {
    if (listener) listener.invokeMethodAsync('OnWakeLock', held, why);
}

async function take() {
    if (!listener || lock || document.visibilityState !== 'visible') return;
    if (!('wakeLock' in navigator)) { tell(false, 'this browser cannot keep the screen on'); return; }
    try {
        const taken = await navigator.wakeLock.request('screen');
        lock = taken;
        taken.addEventListener('release', () => {
            if (lock === taken) lock = null;
            tell(false, 'the page was hidden: the lock comes back when it shows again');
        });
        tell(true, null);
    } catch (e) {
        tell(false, 'the browser refused: ' + String(e && e.message || e));
    }
}

function onVisibility() {
    if (document.visibilityState === 'visible') { take(); return; }
    // The browser releases the lock of a hidden page by itself; releasing it here too keeps the screen's word true
    // where it would not.
    if (lock) lock.release().catch(() => { });
}

// Keeps the screen on while the page runs: released while the page is hidden, taken again when it shows. Every
// change is reported to dotnet.OnWakeLock(held, why), so the screen shows the truth.
export async function holdWakeLock(dotnet) {
    if (!listener) document.addEventListener('visibilitychange', onVisibility);
    listener = dotnet;
    await take();
}
