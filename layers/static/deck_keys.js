/* Keys a presenter's clicker sends (ui/deck.py). Handled in the page and in every same-origin frame
 * (the map's), so a click on the map does not steal them; ignored while typing. */
(function () {
    if (window.gpDeckKeys) return;
    window.gpDeckKeys = true;
    var NEXT = ["PageDown", "ArrowRight", "ArrowDown", " "],
        PREV = ["PageUp", "ArrowLeft", "ArrowUp"];
    function press(which) {
        var button = document.querySelector(".st-key-deck_" + which + " button");
        if (!button || button.disabled) return false;
        button.click();
        return true;
    }
    function onKey(e) {
        var target = e.target;
        if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
        var which = NEXT.indexOf(e.key) >= 0 ? "next" : PREV.indexOf(e.key) >= 0 ? "prev" : null;
        if (which && press(which)) {
            e.preventDefault();
            e.stopPropagation();
        }
    }
    document.addEventListener("keydown", onKey, true);
    setInterval(function () {
        document.querySelectorAll("iframe").forEach(function (frame) {
            try {
                var doc = frame.contentDocument;
                if (doc && !doc.gpDeckKeys) {
                    doc.gpDeckKeys = true;
                    doc.addEventListener("keydown", onKey, true);
                }
            } catch (_err) {
                /* another origin: not ours */
            }
        });
    }, 700);
})();
