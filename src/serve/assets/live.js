// The preview's script (office-site serve), served from /__office-site/live.js and never
// published. It keeps the page in step with the server's build state:
//
// - The server's event stream sends the state when it connects, then after every build: the
//   good build pages come from (`generation`), the last build (`build`) and, if it failed,
//   the overlay's markup. A page from another good build reloads; an error is shown in place
//   (the page beneath is still the last good one). Since the state comes on every connection,
//   a build that finished while the page was loading is never missed.
// - The overlay is an alertdialog: focus moves to it when it opens (so that it is announced)
//   and back where it was when it is closed, with its button or Escape. Closed, it stays
//   closed in this tab for that build, and opens again for the next failed build.
(function () {
    'use strict';
    var me = document.currentScript;
    if (!me) return;
    var generation = me.getAttribute('data-generation');
    var eventsPath = me.getAttribute('data-events');
    var CLOSED_KEY = 'office-site-overlay-closed';
    var returnTo = null;

    function overlay() {
        return document.getElementById('office-site-error');
    }

    function closedBuild() {
        try {
            return window.sessionStorage.getItem(CLOSED_KEY);
        } catch (e) {
            return null;
        }
    }

    function rememberClosed(build) {
        try {
            window.sessionStorage.setItem(CLOSED_KEY, build);
        } catch (e) {
            // Storage refused (a private window's quota): the overlay may open again on the
            // next page, nothing worse.
        }
    }

    function open(el) {
        el.hidden = false;
        var active = document.activeElement;
        if (returnTo === null && active && !el.contains(active)) returnTo = active;
        el.focus({ preventScroll: true });
    }

    function restoreFocus(el) {
        var target = returnTo;
        returnTo = null;
        if (target && target !== document.body && target.isConnected && !el.contains(target)) {
            target.focus({ preventScroll: true });
        } else if (document.activeElement && el.contains(document.activeElement)) {
            document.activeElement.blur();
        }
    }

    function close() {
        var el = overlay();
        if (!el || el.hidden) return;
        rememberClosed(el.getAttribute('data-build'));
        el.hidden = true;
        restoreFocus(el);
    }

    function setUp(el) {
        var button = el.querySelector('.office-site-overlay-close');
        if (button) button.addEventListener('click', close);
        if (closedBuild() === el.getAttribute('data-build')) {
            el.hidden = true;
        } else {
            open(el);
        }
    }

    function fromMarkup(markup) {
        var template = document.createElement('template');
        template.innerHTML = markup;
        return template.content.firstElementChild;
    }

    function apply(state) {
        if (state.generation !== generation) {
            window.location.reload();
            return;
        }
        var el = overlay();
        // A file's own error (it could not be rendered) stays until the next good build.
        if (el && (el.getAttribute('data-build') || '').indexOf('file:') === 0) return;
        if (!state.overlay) {
            if (el) {
                el.hidden = true;
                restoreFocus(el);
                el.remove();
            }
            return;
        }
        if (el && el.getAttribute('data-build') === state.build) return;
        var fresh = fromMarkup(state.overlay);
        if (!fresh) return;
        if (el) {
            var hadFocus = el.contains(document.activeElement);
            el.replaceWith(fresh);
            if (hadFocus && returnTo === null) returnTo = document.body;
        } else {
            document.body.appendChild(fresh);
        }
        setUp(fresh);
    }

    document.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        var el = overlay();
        if (!el || el.hidden) return;
        var active = document.activeElement;
        if (active && active !== document.body && !el.contains(active)) return;
        event.preventDefault();
        close();
    });

    var initial = overlay();
    if (initial) setUp(initial);

    if (!eventsPath || typeof window.EventSource !== 'function') return;
    var source = new window.EventSource(eventsPath);
    var onState = function (event) {
        var state;
        try {
            state = JSON.parse(event.data);
        } catch (e) {
            return;
        }
        apply(state);
    };
    ['state', 'reload', 'failed'].forEach(function (name) {
        source.addEventListener(name, onState);
    });
})();
