// The browser's modal dialog, for the join code's full-screen view (web/Coach/JoinPanel.razor). showModal() puts the
// dialog in the top layer and makes the rest of the page inert: no click, no focus and nothing for a screen reader
// outside it. Tab and Shift+Tab go round the dialog's own controls instead of leaving for the browser's toolbar.
// Escape and close() fire the dialog's `close` event, which the component listens to. No product logic here.

const focusable = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function keepTabInside(event) {
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget;
    const controls = [...dialog.querySelectorAll(focusable)];
    if (controls.length === 0) {
        event.preventDefault();
        dialog.focus();
        return;
    }
    const first = controls[0];
    const last = controls[controls.length - 1];
    const at = document.activeElement;
    if (event.shiftKey && (at === first || at === dialog)) {
        event.preventDefault();
        last.focus();
    } else if (!event.shiftKey && at === last) {
        event.preventDefault();
        first.focus();
    }
}

/** Opens `dialog` as a modal; the dialog itself takes the focus (it carries the accessible name). */
export function showModal(dialog) {
    if (dialog.open) return;
    dialog.addEventListener('keydown', keepTabInside);
    dialog.showModal();
    dialog.focus();
}

/** Closes `dialog` (its `close` event follows). */
export function close(dialog) {
    if (dialog.open) dialog.close();
}
